// Issue #18's link checks in the dashboard, against the real server and a real local web site:
// a moderator checks the due links, sees the failing one with where it is used, in English and
// in Arabic, and axe finds nothing on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { assertAccessible, startBrowser, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let site;
let context;

before(async () => {
  site = createServer((req, res) => {
    res.writeHead(req.url === '/ok' ? 200 : 404, { 'content-type': 'text/plain' });
    res.end('hi');
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  server = await startServer({
    demoCount: 20,
    admin: ADMIN,
    env: { LINK_CHECK_ALLOW: '127.0.0.1', LINK_CHECK_INTERVAL_SECS: '0' },
  });
  context = await startBrowser();
});

after(async () => {
  await context?.close();
  server?.stop();
  site?.close();
});

const siteUrl = (path) => `http://127.0.0.1:${site.address().port}${path}`;

test('a moderator runs the link checks and sees the dead address and who uses it, in en and ar', async () => {
  const login = await (await fetch(server.origin + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json();
  const created = await fetch(server.origin + '/api/v1/admin/organizations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.access_token}` },
    body: JSON.stringify({
      name: 'Bab al-Amoud Collective', category: 'solidarity_group', city: 'Lisbon', country: 'PT',
      latitude: 38.72, longitude: -9.14, precision: 'exact', description: 'A test group.',
      languages: ['en'], website: siteUrl('/gone'), links: [siteUrl('/ok')],
    }),
  });
  assert.equal(created.status, 201, await created.text());
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(server.origin + '/admin');
  await page.fill('#admin-email', ADMIN.email);
  await page.fill('#admin-password', ADMIN.password);
  await page.locator('form.entry-form button[type=submit]').click();
  await page.locator('[data-testid=nav-pending]').waitFor();
  await page.getByRole('link', { name: 'Links' }).click();
  await page.getByText('Every checked link works.').waitFor();
  await page.getByRole('button', { name: 'Check due links now' }).click();
  await page.waitForFunction(() => /^Checked \d+ links: 1 failed\.$/.test(document.querySelector('[data-testid=link-check-outcome]').textContent));
  const item = page.locator('[data-testid=failing-links] li');
  await item.waitFor();
  assert.equal(await item.count(), 1, 'only the failing address');
  const said = await item.innerText();
  assert.match(said, /\/gone/);
  assert.match(said, /the site answered with error 404/);
  assert.match(said, /Failed checks: 1/);
  assert.match(said, /Bab al-Amoud Collective/);
  await assertAccessible(page, '/admin/links (en)');
  await page.getByRole('button', { name: 'العربية' }).click();
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  assert.match(await item.innerText(), /ردّ الموقع بالخطأ 404/);
  assert.ok(await page.getByRole('heading', { name: 'الروابط' }).isVisible());
  await assertAccessible(page, '/admin/links (ar)');
  assert.deepEqual(page.errors, []);
  await page.close();
});
