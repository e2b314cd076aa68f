// Issue #17, "Layout and look": the map fills the first screen on every width, with Jerusalem's
// spotlight on it and the list's heading showing below; the filters open as a panel (a sheet on
// phones) that does not move the map; the list is one key or one tap away and comes a page at a
// time. Checked on the app and on the server's page with JavaScript off (the same layout), in
// English and Arabic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { appShown, startServer } from './support.mjs';

const PAGE_SIZE = 20;
const SIZES = [
  { width: 390, height: 844 },
  { width: 320, height: 640 },
  { width: 1280, height: 800 },
];

let server;
let browser;

before(async () => {
  server = await startServer({ demoCount: 300 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function open(path, { width, height, lang = 'en', script = true }) {
  const context = await browser.newContext({
    viewport: { width, height },
    javaScriptEnabled: script,
    extraHTTPHeaders: { 'Accept-Language': lang },
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  await page.goto(`${server.origin}${path}`);
  if (script) {
    await appShown(page);
    await page.locator('.leaflet-marker-icon').first().waitFor({ timeout: 30_000 });
  }
  return { page, close: () => context.close() };
}

/// Boxes in page coordinates (the page is at its top when this runs).
const firstScreen = (page) => page.evaluate(() => {
  const box = (selector) => {
    const element = [...document.querySelectorAll(selector)].find((e) => e.checkVisibility());
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right, width: r.width, height: r.height };
  };
  return {
    viewport: { width: innerWidth, height: innerHeight },
    map: box('.leaflet-container') ?? box('#map svg'),
    spotlight: box('.spotlight .primary'),
    list: box('#list-title'),
  };
});

for (const script of [true, false]) {
  const how = script ? 'the app' : 'JavaScript off';
  for (const lang of ['en', 'ar']) {
    for (const size of SIZES) {
      test(`${how}, ${lang}, ${size.width}x${size.height}: the map fills the first screen with the spotlight on it and the list's heading below`, async () => {
        const { page, close } = await open(`/?lang=${lang}`, { ...size, lang, script });
        try {
          const { viewport, map, spotlight, list } = await firstScreen(page);
          assert.ok(map && spotlight && list, JSON.stringify({ map, spotlight, list }));
          assert.ok(map.top < viewport.height * 0.4, `the map starts high on the first screen: ${map.top}px`);
          // Map, spotlight and list's heading share the first screen; the map takes most of it.
          assert.ok(map.height >= viewport.height * 0.45, `the map is ${map.height}px tall of ${viewport.height}`);
          assert.ok(map.width >= viewport.width * (viewport.width > 1000 ? 0.6 : 0.9), `the map is ${map.width}px wide of ${viewport.width}`);
          assert.ok(spotlight.bottom <= viewport.height, `the spotlight is on the first screen: ${JSON.stringify(spotlight)}`);
          assert.ok(list.top < viewport.height && list.bottom > map.bottom, `the list's heading shows under the map: ${JSON.stringify(list)}`);
          // Nothing wider than the screen.
          assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scroll');
          assert.deepEqual(page.errors, []);
        } finally {
          await close();
        }
      });
    }
  }

  test(`${how}, at 390px: the filters open as a sheet over the map, which stays where it was`, async () => {
    const { page, close } = await open('/?lang=en', { width: 390, height: 844, script });
    try {
      const before = await firstScreen(page);
      assert.equal(await page.locator('#search').isVisible(), false, 'the panel starts closed on a phone');
      await page.locator('.panel-toggle').click();
      await page.locator('#search').waitFor({ state: 'visible' });
      const sheet = await page.locator('#map-panel').boundingBox();
      assert.ok(sheet.y > 844 * 0.2 && sheet.y + sheet.height <= 844 + 1, `a sheet from the bottom: ${JSON.stringify(sheet)}`);
      const after = await firstScreen(page);
      assert.deepEqual(after.map, before.map, 'the map did not move');
      // Filtering from the sheet shows the result on the map and list.
      await page.locator('#country').selectOption({ index: 1 });
      if (!script) await page.locator('#map-panel button[type=submit]').last().click();
      await page.waitForURL(/country=/);
      if (script) {
        await page.keyboard.press('Escape');
        await page.locator('#search').waitFor({ state: 'hidden' });
        assert.equal(await page.evaluate(() => document.activeElement?.className), 'panel-toggle', 'Escape gives the focus back to the toggle');
        assert.equal(await page.locator('.panel-toggle').getAttribute('aria-expanded'), 'false');
      } else {
        await page.locator('.panel-toggle').click();
        await page.locator('.panel-close').click();
        await page.locator('#search').waitFor({ state: 'hidden' });
      }
    } finally {
      await close();
    }
  });

  test(`${how}: the list is one key or one tap away and comes a page at a time`, async () => {
    const { page, close } = await open('/?lang=en', { width: 390, height: 844, script });
    try {
      // One key: the first Tab stop is the link to the list.
      await page.keyboard.press('Tab');
      const skip = page.locator(':focus');
      assert.match(await skip.getAttribute('href'), /#organization-list$/);
      await page.keyboard.press('Enter');
      if (script) await page.waitForFunction(() => document.activeElement?.id === 'organization-list');
      assert.ok(await page.evaluate(() => document.getElementById('list-title').getBoundingClientRect().top < innerHeight));
      // One tap: the tools' link.
      await page.evaluate(() => scrollTo(0, 0));
      await page.locator('.list-jump').click();
      await page.waitForFunction(() => document.getElementById('list-title').getBoundingClientRect().top < innerHeight && scrollY > 0);
      // A page at a time.
      const names = () => page.locator('.organization-items li a').allTextContents();
      const first = await names();
      assert.equal(first.length, PAGE_SIZE, 'the world view holds more than a page');
      await page.locator('.pages a[rel=next]').click();
      await page.waitForURL(/cursor=/);
      await page.waitForFunction((firstName) => document.querySelector('.organization-items li a')?.textContent !== firstName, first[0]);
      const second = await names();
      assert.ok(second.length > 0 && second.length <= PAGE_SIZE);
      assert.deepEqual(second.filter((name) => first.includes(name)), [], 'the next page shows other organisations');
      if (script) assert.equal(await page.evaluate(() => document.activeElement?.id), 'organization-list', 'the focus goes to the list');
      assert.ok(await page.locator('.pages a', { hasText: 'First page' }).isVisible());
      // Back shows the first page again.
      await page.goBack();
      await page.waitForFunction((firstName) => document.querySelector('.organization-items li a')?.textContent === firstName, first[0]);
    } finally {
      await close();
    }
  });
}
