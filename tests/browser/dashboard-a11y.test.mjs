// axe-core on every dashboard screen (issue #7), signed in as an admin, in English and Arabic, at
// 320 and 1280 px; nothing may scroll sideways. One sign-in per language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startBrowser, startServer } from './support.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let context;

before(async () => {
  server = await startServer({ demoCount: 30, admin: ADMIN });
  context = await startBrowser();
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function checkAxe(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(violations, [], what);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, `${what} scrolls sideways`);
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
    ];
    const page = await context.newPage();
    await page.addInitScript((l) => localStorage.setItem('solidarity-map-lang', l), lang);
    await page.goto(server.origin + '/admin');
    await page.fill('#admin-email', ADMIN.email);
    await page.fill('#admin-password', ADMIN.password);
    await page.locator('form.entry-form button[type=submit]').click();
    await page.locator('[data-testid=nav-pending]').waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
    for (const [path, ready] of screens) {
      await page.goto(server.origin + path);
      await page.locator(ready).first().waitFor();
      // Open every collapsed part so that axe sees the forms inside too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await checkAxe(page, `${path} (${lang}, ${width}px)`);
      }
    }
    await page.close();
  });
}
