// Issue #18's moderation at scale in the dashboard: 1,000 generated submissions waiting (half of
// them obvious spam); a moderator previews "looks like spam", rejects the 500 in one action with
// one reason, undoes it, and does it again; the queue's age per country; in English and Arabic,
// and axe finds nothing on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, startBrowser, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let context;

before(async () => {
  server = await startServer({ demoCount: 20, admin: ADMIN, submissions: 1000 });
  context = await startBrowser();
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function signIn(page) {
  await page.goto(server.origin + '/admin');
  await page.fill('#admin-email', ADMIN.email);
  await page.fill('#admin-password', ADMIN.password);
  await page.locator('form.entry-form button[type=submit]').click();
  await page.locator('[data-testid=nav-pending]').waitFor();
}

const pending = async () => {
  const login = await (await fetch(server.origin + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json();
  const ages = await (await fetch(server.origin + '/api/v1/admin/submissions/age', { headers: { authorization: `Bearer ${login.access_token}` } })).json();
  return ages[0].pending;
};

test('a moderator rejects 500 spam submissions of 1,000 in one action, undoes it and does it again', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await signIn(page);
  // The review queue itself comes 50 at a time, with the whole count in the navigation.
  assert.equal(await page.locator('[data-testid=nav-pending]').innerText(), '1000');
  await page.locator('[data-testid=pending-count]').waitFor();
  assert.equal(await page.locator('[data-testid=pending-count]').innerText(), '1000 to review (showing 1–50)');
  assert.equal(await page.locator('.review-list > li').count(), 50);
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=pending-count]')?.textContent.endsWith('(showing 51–100)'));
  assert.equal(await page.locator('.review-list > li').count(), 50);
  await page.getByRole('link', { name: 'Bulk moderation' }).click();
  // The queue's age: the whole queue first, then each country.
  const ages = page.locator('[data-testid=queue-age] tbody tr');
  await ages.first().waitFor();
  assert.equal(await ages.count(), 9);
  assert.match(await ages.first().innerText(), /All countries\s+1000\s+14 d \d+ h\s+29 d \d+ h/);

  await page.getByLabel('Looks like spam').selectOption('true');
  const started = Date.now();
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByText('Matching submissions: 500').waitFor();
  const rows = page.locator('[data-testid=bulk-preview] tbody tr');
  assert.equal(await rows.count(), 100, 'the preview shows the first 100');
  assert.match(await rows.first().innerText(), /Best casino bonus.*three or more web addresses, spam words, the same text as another submission/s);
  await assertAccessible(page, 'bulk moderation with a preview');

  await page.getByLabel('Reason, one for all').fill('Spam');
  await page.getByRole('button', { name: 'Reject these 500 submissions' }).click();
  await page.waitForFunction(() => /^Rejected: 500\. Left as they were: 0\. You can undo this until /.test(document.querySelector('[data-testid=bulk-outcome]').textContent));
  assert.ok(Date.now() - started < 60_000, 'under a minute from preview to rejection');
  assert.equal(await pending(), 500);

  await page.getByRole('button', { name: 'Undo the rejection' }).click();
  await page.getByText('Undone: 500 submissions are back in the queue.').waitFor();
  assert.equal(await pending(), 1000);

  // Again, in Arabic, and this time it stays.
  await page.getByRole('button', { name: 'العربية' }).click();
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await page.getByRole('button', { name: 'معاينة', exact: true }).click();
  await page.getByText('عدد الطلبات المطابقة: 500').waitFor();
  await page.getByLabel('السبب، واحد للجميع').fill('رسائل مزعجة');
  await page.getByRole('button', { name: 'ارفض هذه الطلبات (500)' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=bulk-outcome]').textContent.startsWith('رُفض: 500.'));
  await assertAccessible(page, 'bulk moderation in Arabic after a rejection');
  assert.equal(await pending(), 500);
  assert.deepEqual(page.errors, []);
  await page.close();
});
