// Issue #18, "Freshness for admins": the dashboard's freshness page shows published entries by
// how long ago a person confirmed them, per country and per category (the API's figures),
// downloads them as CSV, and re-sends the "still active?" reminder in bulk after a confirmation,
// saying how many were queued; in English and in Arabic (right to left), with no axe violation.
// Signed in as the admin, who can also read the outbox; tests/api/freshness_admin.rs checks
// that moderators may do the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { assertAccessible, startBrowser, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let context;
let token;

const api = async (path, options = {}) => {
  const response = await fetch(server.origin + path, {
    ...options,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(options.headers ?? {}) },
  });
  assert.ok(response.ok, `${path}: ${response.status}`);
  return response;
};

before(async () => {
  server = await startServer({
    demoCount: 30,
    admin: ADMIN,
    // Time passes: a few demo entries were last confirmed 200 and 400 days ago.
    prepare: (database) => {
      execFileSync('sqlite3', [database, `
        UPDATE organizations SET last_confirmed_at = datetime('now', '-400 days')
          WHERE id IN (SELECT id FROM organizations ORDER BY slug LIMIT 3);
        UPDATE organizations SET last_confirmed_at = datetime('now', '-200 days')
          WHERE id IN (SELECT id FROM organizations ORDER BY slug LIMIT 2 OFFSET 3);`]);
    },
  });
  const login = await (await fetch(server.origin + '/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN),
  })).json();
  token = login.access_token;
  // A group in Iceland (no demo entry there) with a contact address, confirmed today.
  await api('/api/v1/admin/organizations', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Example Solidarity Group, Reykjavik', category: 'solidarity_group', city: 'Reykjavik', country: 'IS',
      latitude: 64.15, longitude: -21.94, precision: 'exact', description: 'A test group.',
      languages: ['en'], contact_email: 'reykjavik@example.org',
    }),
  });
  context = await startBrowser();
});

after(async () => {
  await context?.close();
  server?.stop();
});

/// The numbers of a table row (the header cell left out).
const rowNumbers = (row) => row.locator('td').allInnerTexts().then((cells) => cells.map(Number));

const countsOf = (c) => [c.under_6_months, c.from_6_to_12_months, c.over_12_months, c.never_confirmed, c.total];

test('the freshness page shows the figures by country and category, downloads them and re-sends reminders, in en and ar', async () => {
  const figures = await (await api('/api/v1/admin/freshness')).json();
  assert.equal(figures.total.over_12_months, 3);
  assert.equal(figures.total.from_6_to_12_months, 2);

  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(server.origin + '/admin');
  await page.fill('#admin-email', ADMIN.email);
  await page.fill('#admin-password', ADMIN.password);
  await page.locator('form.entry-form button[type=submit]').click();
  await page.locator('[data-testid=nav-pending]').waitFor();
  await page.getByRole('link', { name: 'Freshness' }).click();
  await page.getByRole('heading', { name: 'By country' }).waitFor();

  // The tables say what the API says.
  const byCountry = page.locator('[data-testid=freshness-by-country]');
  const byCategory = page.locator('[data-testid=freshness-by-category]');
  assert.deepEqual(await rowNumbers(byCountry.locator('tfoot tr')), countsOf(figures.total));
  assert.equal(await byCountry.locator('tbody tr').count(), figures.by_country.length);
  assert.equal(await byCategory.locator('tbody tr').count(), figures.by_category.length);
  for (const row of figures.by_country) {
    assert.deepEqual(await rowNumbers(byCountry.locator(`tr[data-key=${row.key}]`)), countsOf(row.counts), row.key);
  }
  for (const row of figures.by_category) {
    assert.deepEqual(await rowNumbers(byCategory.locator(`tr[data-key=${row.key}]`)), countsOf(row.counts), row.key);
  }
  assert.match(await byCountry.locator('tr[data-key=IS] th').innerText(), /Iceland/);
  assert.match(await byCategory.locator('tr[data-key=solidarity_group] th').innerText(), /Solidarity Group/);
  assert.ok(await byCountry.getByRole('columnheader', { name: 'Over 12 months (stale)' }).isVisible());

  // The CSV is the same figures.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the figures (CSV)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^freshness-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
  assert.equal(lines[0], '"breakdown","key","name","under_6_months","from_6_to_12_months","over_12_months","never_confirmed","total"');
  assert.equal(lines[1], `"total","","",${countsOf(figures.total).join(',')}`);
  assert.equal(lines.length, 2 + figures.by_country.length + figures.by_category.length);

  await assertAccessible(page, '/admin/freshness (en)');

  // Re-send: Iceland's entries confirmed in the last 6 months; nothing goes before confirming.
  await page.getByLabel('Confirmation age').selectOption('under_6_months');
  await page.getByLabel('Country', { exact: true }).selectOption('IS');
  await page.getByRole('button', { name: 'Send reminders' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const outboxReminders = async () => (await (await api('/api/v1/admin/outbox')).json()).filter((m) => m.kind === 'reminder');
  assert.equal((await outboxReminders()).length, 0, 'nothing is sent before the confirmation');
  await assertAccessible(page, '/admin/freshness confirmation (en)');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  const outcome = page.locator('[data-testid=reminders-outcome]');
  await page.waitForFunction(() => document.querySelector('[data-testid=reminders-outcome]').textContent !== '');
  assert.equal(await outcome.innerText(), '1 reminder queued. Skipped: 0 reminded in the last 14 days, 0 without a contact address.');
  assert.equal((await outboxReminders()).length, 1);

  // Arabic: right to left, translated, and the same selection again is skipped (reminded today).
  await page.getByRole('button', { name: 'العربية' }).click();
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  assert.ok(await page.getByRole('heading', { name: 'حداثة التأكيد' }).isVisible());
  assert.ok(await page.getByRole('heading', { name: 'حسب البلد' }).isVisible());
  assert.ok(await byCountry.getByRole('columnheader', { name: 'أكثر من 12 شهرًا (قديمة)' }).isVisible());
  await assertAccessible(page, '/admin/freshness (ar)');
  await page.getByRole('button', { name: 'إرسال التذكيرات' }).click();
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'تأكيد' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=reminders-outcome]').textContent.startsWith('لم'));
  assert.equal(await outcome.innerText(), 'لم يُوضع أي تذكير في قائمة الإرسال. تُركت: 1 ذُكّرت خلال آخر 14 يومًا، و0 بلا عنوان تواصل.');
  assert.equal((await outboxReminders()).length, 1, 'reminded once a fortnight at most');
  await assertAccessible(page, '/admin/freshness after a re-send (ar)');
  assert.deepEqual(page.errors, []);
  await page.close();
});
