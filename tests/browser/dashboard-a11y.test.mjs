// axe-core on every dashboard screen (issue #7; the events, issue #19), signed in as an admin, in English and Arabic, at
// 320 and 1280 px; nothing may scroll sideways. One sign-in per language. Then an invitation
// followed from the e-mail the server really sends (to a local SMTP sink).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { assertAccessible, messageBody, startBrowser, startServer, startSmtpSink, totp } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let context;
let smtp;

before(async () => {
  smtp = await startSmtpSink();
  server = await startServer({ demoCount: 30, admin: ADMIN, env: { SMTP_URL: smtp.url }, prepare: pendingEvent });
  context = await startBrowser();
});

after(async () => {
  await context?.close();
  server?.stop();
  smtp?.stop();
});

/// An event waiting for review, with everything the Events page shows (a place, a link, languages,
/// a co-organiser), so that axe sees a whole item with its two decisions.
function pendingEvent(database) {
  const sql = `
    INSERT INTO events (id, slug, organization_id, title, description, link, kind, starts_at, ends_at, time_zone,
        online, city, country, latitude, longitude, precision, languages, status, created_at, updated_at)
      SELECT '0e5a7c1e-8f3b-4c2a-9d61-3f2b1a0c9e77', 'example-vigil', id, 'Example vigil for al-Quds',
        'A vigil in the square.', 'https://example.org/vigil', 'vigil', datetime('now', '+3 days'),
        datetime('now', '+3 days', '+2 hours'), 'Europe/London', 0, city, country, latitude, longitude,
        'approximate', '["en","ar"]', 'pending', datetime('now'), datetime('now')
      FROM organizations ORDER BY slug LIMIT 1;
    INSERT INTO event_co_organizers (event_id, organization_id)
      SELECT '0e5a7c1e-8f3b-4c2a-9d61-3f2b1a0c9e77', id FROM organizations ORDER BY slug LIMIT 1 OFFSET 1;`;
  execFileSync('sqlite3', [database, sql]);
}

for (const lang of ['en', 'ar']) {
  test(`every dashboard screen: no axe violations (${lang}, 320 and 1280 px)`, async () => {
    const org = (await (await fetch(server.origin + '/api/v1/organizations?limit=1')).json()).items[0];
    const screens = [
      ['/admin/organizations', '[data-testid=org-table]'],
      [`/admin/organizations/${org.id}`, '#name'],
      ['/admin/organizations/new', '#name'],
      ['/admin/resources', '[data-testid=resources]'],
      ['/admin/partnerships', '[data-testid=partnerships]'],
      ['/admin/taxonomy', 'details.taxonomy-item'],
      ['/admin/users', '[data-testid=users]'],
      ['/admin/crisis', '#crisis-country'],
      ['/admin/transfer', '#import-file'],
      ['/admin/links', '[data-testid=link-check-outcome]'],
      ['/admin/reports', '[data-testid=report-outcome]'],
      ['/admin/bulk', '[data-testid=queue-age]'],
      ['/admin/freshness', '[data-testid=freshness-by-country]'],
      ['/admin/events', '[data-testid=event]'],
      ['/admin/events/new', '#organizer'],
    ];
    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
    await page.goto(server.origin + '/admin');
    await page.fill('#admin-email', ADMIN.email);
    await page.fill('#admin-password', ADMIN.password);
    await page.locator('form.entry-form button[type=submit]').click();
    await page.locator('[data-testid=nav-pending]').waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
    for (const [path, ready] of screens) {
      await page.goto(server.origin + path);
      await page.locator(ready).first().waitFor({ state: 'attached' });
      // Open every collapsed part so that axe sees the forms inside too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await assertAccessible(page, `${path} (${lang}, ${width}px)`);
      }
    }
    await page.close();
  });
}

test('an invitation: the admin adds an account without a password, the person follows the e-mailed link, chooses a password and signs in', async () => {
  const invited = 'invited@example.org';
  const page = await context.newPage();
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'en' });
  await page.goto(server.origin + '/admin');
  await page.fill('#admin-email', ADMIN.email);
  await page.fill('#admin-password', ADMIN.password);
  await page.locator('form.entry-form button[type=submit]').click();
  await page.locator('[data-testid=nav-pending]').waitFor();
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.fill('#email', invited);
  await page.getByRole('button', { name: 'Add an account' }).click();
  await page.waitForFunction((email) => [...document.querySelectorAll('[data-testid=user-row]')].some((r) => r.textContent.includes(email) && r.querySelector('[data-testid=user-access]').textContent === 'invited'), invited);

  let link;
  for (let i = 0; i < 100 && !link; i += 1) {
    const mail = smtp.messages.map(messageBody).find((body) => body.includes('/admin/invite#token='));
    link = mail?.match(/\/admin\/invite#token=([A-Za-z0-9_-]+)/)?.[1];
    if (!link) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(link, 'the invitation e-mail arrives with its link');
  const person = await context.newPage();
  await person.goto(`${server.origin}/admin/invite#token=${link}`);
  await person.locator('#invite-password').waitFor();
  assert.equal(new URL(person.url()).hash, '', 'the token leaves the address bar');
  await assertAccessible(person, 'invitation (en)');
  await person.fill('#invite-password', 'short');
  await person.getByRole('button', { name: 'Save' }).click();
  await person.locator('#password-error').waitFor();
  await person.fill('#invite-password', 'my own long password');
  await person.getByRole('button', { name: 'Save' }).click();
  await person.locator('[data-testid=invitation-done]').waitFor();
  await person.getByRole('link', { name: 'Sign in' }).click();
  await person.fill('#admin-email', invited);
  await person.fill('#admin-password', 'my own long password');
  await person.locator('form.entry-form button[type=submit]').click();
  await person.locator('[data-testid=nav-pending]').waitFor();
  // The link works once.
  const again = await fetch(server.origin + '/api/v1/auth/invitation', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: link, password: 'another long password' }) });
  assert.equal(again.status, 400);
});

test('with REQUIRE_TOTP_FOR_ADMINS an admin is kept on their account screen until two-factor sign-in is on', async () => {
  const strict = await startServer({ demoCount: 10, admin: ADMIN, env: { REQUIRE_TOTP_FOR_ADMINS: 'true' } });
  try {
    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'en' });
    await page.goto(strict.origin + '/admin/organizations');
    await page.fill('#admin-email', ADMIN.email);
    await page.fill('#admin-password', ADMIN.password);
    await page.locator('form.entry-form button[type=submit]').click();
    await page.locator('[data-testid=totp-required]').waitFor();
    assert.match(page.url(), /\/admin\/account$/);
    await page.getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.locator('[data-testid=totp-required]').waitFor();
    assert.match(page.url(), /\/admin\/account$/, 'other screens wait');
    await assertAccessible(page, 'account with two-factor required (en)');
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = await page.locator('[data-testid=totp-secret]').innerText();
    await page.fill('#totp-code', totp(secret));
    await page.fill('#totp-password', ADMIN.password);
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.locator('[data-testid=recovery-codes] li').first().waitFor();
    const [recovery] = await page.locator('[data-testid=recovery-codes] li').allInnerTexts();
    // Turning it on ended every session: sign in again, here with a recovery code.
    await page.getByRole('button', { name: 'I have kept the codes: sign in again' }).click();
    await page.fill('#admin-email', ADMIN.email);
    await page.fill('#admin-password', ADMIN.password);
    await page.locator('form.entry-form button[type=submit]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=sign-in-message]')?.textContent.includes('code'));
    await page.fill('#admin-code', recovery);
    await page.locator('form.entry-form button[type=submit]').click();
    await page.locator('[data-testid=nav-pending]').waitFor();
    assert.equal(await page.locator('[data-testid=totp-required]').count(), 0);
    await page.getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.locator('[data-testid=org-table]').waitFor();
  } finally {
    strict.stop();
  }
});
