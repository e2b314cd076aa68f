// Issue #17: the "Jerusalem (al-Quds), capital of Palestine" label never hides a marker or a
// cluster, at the world view and in the Jerusalem view, on the server's map (JavaScript off) and
// on the app's map, in English and Arabic. Both maps place it by the same rule
// (shared/src/label_place.rs) on the markers they have drawn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { appShown, startServer } from './support.mjs';

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

/// The label's box and every marker's box on the page, in page pixels.
async function boxes(page, { label, markers }) {
  return page.evaluate(({ label, markers }) => {
    const box = (element) => {
      const r = element.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const labelElement = document.querySelector(label);
    return {
      label: labelElement ? box(labelElement) : null,
      markers: [...document.querySelectorAll(markers)].map(box).filter((b) => b.width > 0 && b.height > 0),
    };
  }, { label, markers });
}

const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function assertClear({ label, markers }, what) {
  assert.ok(label, `${what}: the label is shown`);
  assert.ok(markers.length > 0, `${what}: markers are drawn`);
  const hidden = markers.filter((m) => overlaps(label, m));
  assert.deepEqual(hidden, [], `${what}: the label ${JSON.stringify(label)} covers ${hidden.length} marker(s)`);
}

/// The Jerusalem view's URL, as the server page's spotlight links to it.
async function jerusalemUrl() {
  const html = await (await fetch(server.origin + '/')).text();
  const href = html.match(/class="spotlight"[\s\S]*?<a class="button[^"]*" href="([^"]+)"/)[1].replaceAll('&amp;', '&');
  return new URL(href, server.origin).toString();
}

for (const lang of ['en', 'ar']) {
  test(`the server's map (JavaScript off, ${lang}): the label hides no marker at the world and Jerusalem views`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': lang } });
    const page = await context.newPage();
    const svg = { label: '.server-map text.jerusalem-label', markers: '.server-map a.cluster circle, .server-map a.marker image' };
    await page.goto(server.origin + '/');
    assertClear(await boxes(page, svg), `world view (${lang})`);
    await page.goto(await jerusalemUrl());
    assertClear(await boxes(page, svg), `Jerusalem view (${lang})`);
    await context.close();
  });
}

for (const lang of ['en', 'ar']) {
  test(`the app's map (${lang}): the label hides no marker at the world and Jerusalem views`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': lang } });
    const page = await context.newPage();
    const leaflet = { label: '.leaflet-marker-pane .jerusalem-label span', markers: '.leaflet-marker-pane .leaflet-marker-icon:not(.jerusalem-label)' };
    const settled = async () => {
      await appShown(page);
      await page.locator('.leaflet-marker-pane .leaflet-marker-icon:not(.jerusalem-label)').first().waitFor();
      // The label is placed once the markers of the view are drawn.
      await page.waitForTimeout(300);
    };
    await page.goto(server.origin + '/');
    await settled();
    assertClear(await boxes(page, leaflet), `world view (${lang})`);
    await page.goto(await jerusalemUrl());
    await settled();
    assertClear(await boxes(page, leaflet), `Jerusalem view (${lang})`);
    await context.close();
  });
}
