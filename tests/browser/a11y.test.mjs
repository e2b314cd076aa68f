// axe-core on every public view, in English and Arabic, on a phone and a desktop width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appShown, artifacts, axeViolations, recordRequests, startBrowser, startServer } from './support.mjs';


let server;
let context;
let detailPath;

before(async () => {
  server = await startServer({ demoCount: 300 });
  context = await startBrowser();
  await recordRequests(context, server.origin);
  const page = await (await fetch(server.origin + '/api/v1/organizations?category=jerusalem_grassroots&limit=1')).json();
  detailPath = `/org/${page.items[0].slug}`;
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function audit(path, lang, width, ready) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
  await page.goto(server.origin + path);
  await page.waitForSelector(ready);
  await appShown(page);
  await page.waitForFunction((code) => document.documentElement.lang === code, lang);
  await page.waitForTimeout(500);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const violations = await axeViolations(page, { nodesPerRule: 3 });
  const name = `${path === '/' ? 'map' : path.endsWith('/events') ? 'org-events' : path.startsWith('/org') ? 'detail' : path.startsWith('/events') ? 'events' : 'list'}-${lang}-${width}`;
  await page.screenshot({ path: join(artifacts, `a11y-${name}.png`), fullPage: true });
  await page.close();
  // WCAG 1.4.10 (reflow), which axe cannot see: nothing scrolls sideways at 320 px.
  if (overflow > 0) violations.push(`reflow: the page is ${overflow}px wider than the window`);
  return violations;
}

for (const lang of ['en', 'ar']) {
  for (const width of [320, 1280]) {
    test(`map and list: no axe violations (${lang}, ${width}px)`, async () => {
      assert.deepEqual(await audit('/?at=31.7767,35.2345,12', lang, width, '.organization-items li'), []);
    });
    test(`world map: no axe violations (${lang}, ${width}px)`, async () => {
      assert.deepEqual(await audit('/', lang, width, '.cluster-marker'), []);
    });
    test(`detail page: no axe violations (${lang}, ${width}px)`, async () => {
      assert.deepEqual(await audit(detailPath, lang, width, 'article.organization h1'), []);
    });
    // The event pages with events on them are audited in events-pages.test.mjs (they need a
    // group's owner link and an approval); the list and its filters are here.
    test(`events page: no axe violations (${lang}, ${width}px)`, async () => {
      assert.deepEqual(await audit('/events?when=month', lang, width, 'form.event-filters'), []);
    });
    test(`organisation's events: no axe violations (${lang}, ${width}px)`, async () => {
      assert.deepEqual(await audit(`${detailPath}/events`, lang, width, 'main.archive-page h1'), []);
    });
  }
}
