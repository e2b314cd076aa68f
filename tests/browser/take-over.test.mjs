// Issue #15: where WebAssembly runs, the app takes over the server's page "with no visible jump".
// The API is slowed down (each answer held 1.5 s) so that the app is running long before its data
// arrives; every animation frame records what the visitor sees. From the first frame that shows
// the content to the app's last, the content stays on screen, no frame shows "Loading…", and the
// map and the list keep their place when the server's page gives way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { root, startServer } from './support.mjs';

const LOADING = JSON.parse(readFileSync(join(root, 'locales/en/map.json'), 'utf8')).loading;
const API_DELAY_MS = 1500;

let server;
let browser;

before(async () => {
  server = await startServer({ demoCount: 120 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/// Runs in the page: each frame, whether `text` is readable, whether "Loading…" is, which page
/// shows (the server's or the app's), and where the boxes named in `boxes` are.
function recordFrames({ text, loading, boxes }) {
  globalThis.frames = [];
  const rectOf = (selectors) => {
    for (const selector of selectors) {
      const element = [...document.querySelectorAll(selector)].find((e) => e.checkVisibility({ visibilityProperty: true }));
      if (element) {
        const r = element.getBoundingClientRect();
        return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
      }
    }
    return null;
  };
  const tick = () => {
    if (document.body) {
      const shown = document.body.innerText;
      globalThis.frames.push({
        readable: shown.includes(text),
        loading: shown.includes(loading),
        server: document.getElementById('server-page') !== null,
        boxes: Object.fromEntries(Object.entries(boxes).map(([name, selectors]) => [name, rectOf(selectors)])),
      });
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const decode = (text) => text?.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

async function slowApiPage(width) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, extraHTTPHeaders: { 'Accept-Language': 'en' } });
  await context.route('**/api/v1/**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, API_DELAY_MS));
    await route.continue();
  });
  return { page: await context.newPage(), close: () => context.close() };
}

/// The frames from the first that shows `text` on, checked for a jump; returns the frames just
/// before and after the app took over.
function assertNoJump(frames, what) {
  const first = frames.findIndex((f) => f.readable);
  assert.ok(first >= 0, `${what}: the content never showed`);
  const seen = frames.slice(first);
  const gone = seen.filter((f) => !f.readable).length;
  assert.equal(gone, 0, `${what}: the content vanished in ${gone} of ${seen.length} frames`);
  const loading = seen.filter((f) => f.loading).length;
  assert.equal(loading, 0, `${what}: "Loading…" showed in ${loading} frames`);
  const swap = seen.findIndex((f) => !f.server);
  assert.ok(swap > 0, `${what}: the app never took over after the server's page showed`);
  return [seen[swap - 1], seen[swap]];
}

function assertSamePlace(before, after, name, tolerance) {
  assert.ok(before.boxes[name] && after.boxes[name], `${name} is shown before and after: ${JSON.stringify([before.boxes, after.boxes])}`);
  for (const side of ['x', 'y', 'width', 'height']) {
    const moved = Math.abs(before.boxes[name][side] - after.boxes[name][side]);
    assert.ok(moved <= tolerance, `${name} moved by ${moved}px (${side}) when the app took over: ${JSON.stringify([before.boxes[name], after.boxes[name]])}`);
  }
}

for (const width of [1280, 360]) {
  test(`the map page at ${width}px: the server's map and list stay until the app has its markers`, async () => {
    const html = await (await fetch(`${server.origin}/?lang=en`)).text();
    const firstName = decode(html.match(/<ul class="organization-items">\s*<li>\s*<a [^>]*>\s*<bdi[^>]*>([^<]+)</)?.[1]);
    assert.ok(firstName, 'the server lists an organisation');
    const { page, close } = await slowApiPage(width);
    try {
      await page.addInitScript(recordFrames, {
        text: firstName,
        loading: LOADING,
        boxes: {
          search: ['#search'],
          categories: ['.legend-items li', '.legend-toggle'],
          spotlight: ['.spotlight .primary'],
          tools: ['.panel-toggle'],
          map: ['#map svg', '.leaflet-container'],
          list: ['.organization-list h2'],
        },
      });
      await page.goto(`${server.origin}/?lang=en`);
      // On a phone the filters are a sheet, opened by a link on the server's page (the app
      // opens it too, from the address's #map-panel).
      if (width < 1024) await page.locator('#server-page .panel-toggle').click();
      // Typed while the app loads: kept, with the focus, when it takes over.
      await page.locator('#server-page #search').fill('Jerus');
      await page.locator('.leaflet-marker-icon').first().waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => !document.getElementById('server-page'));
      await page.waitForTimeout(300);
      const frames = await page.evaluate(() => globalThis.frames);
      const [last, first] = assertNoJump(frames, `/ at ${width}px`);
      const boxes = ['search', 'categories', 'spotlight', 'map', 'list'];
      for (const box of width < 1024 ? [...boxes, 'tools'] : boxes) {
        assertSamePlace(last, first, box, 2);
      }
      assert.equal(await page.locator('#search').inputValue(), 'Jerus');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'search');
    } finally {
      await close();
    }
  });
}

test("an organisation's page: its name stays on screen while the app loads it", async () => {
  const list = await (await fetch(`${server.origin}/api/v1/organizations?limit=1&lang=en`)).json();
  const slug = list.items[0].slug;
  const html = await (await fetch(`${server.origin}/org/${slug}?lang=en`)).text();
  const name = decode(html.match(/<h1[^>]*>\s*(?:<bdi[^>]*>)?([^<]+)</)?.[1]);
  assert.ok(name, 'the server names the organisation in its heading');
  const { page, close } = await slowApiPage(1280);
  try {
    await page.addInitScript(recordFrames, {
      text: name,
      loading: LOADING,
      boxes: { heading: ['h1'], map: ['.locator svg', '.detail-map'] },
    });
    await page.goto(`${server.origin}/org/${slug}?lang=en`);
    await page.waitForFunction(() => !document.getElementById('server-page'), null, { timeout: 30_000 });
    await page.locator('.detail-map .leaflet-marker-icon').first().waitFor();
    const frames = await page.evaluate(() => globalThis.frames);
    const [last, first] = assertNoJump(frames, `/org/${slug}`);
    assertSamePlace(last, first, 'heading', 2);
    assertSamePlace(last, first, 'map', 2);
  } finally {
    await close();
  }
});
