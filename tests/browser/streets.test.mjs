// Streets and places without any third party (issue #17), in headless Chromium against the real
// server: with BASEMAP_PMTILES the map draws our own PMTiles archive past the world outline
// (here a small one made from data in the repo by scripts/test-basemap.sh), its labels in the
// reader's language; without it, the GeoNames place names of the view. No request ever leaves
// our origin, and the street renderer's script is not part of the first visit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appShown, recordRequests, root, startBrowser, startServer } from './support.mjs';

const JERUSALEM_AT = '31.7767,35.2345';
const archive = join(root, 'target/test-basemap.pmtiles');

/// Records what the page's canvases draw: every text (labels) and every filled path (polygons).
/// Installed before any page script, through the DevTools protocol (the CSP allows no inline
/// script).
function spyOnCanvas() {
  window.__drawn = { texts: [], fills: 0 };
  const context = CanvasRenderingContext2D.prototype;
  const fillText = context.fillText;
  context.fillText = function (text, ...rest) {
    window.__drawn.texts.push(String(text));
    return fillText.call(this, text, ...rest);
  };
  const fill = context.fill;
  context.fill = function (...args) {
    window.__drawn.fills += 1;
    return fill.apply(this, args);
  };
}

async function pageIn(context, lang) {
  const page = await context.newPage();
  await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
  await page.addInitScript(spyOnCanvas);
  return page;
}

function offOrigin(requests, origin) {
  return requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'));
}

describeBasemap();
describePlaces();

function describeBasemap() {
  let server;
  let context;
  before(async () => {
    execFileSync(join(root, 'scripts/test-basemap.sh'), { stdio: 'ignore' });
    server = await startServer({ demoCount: 20, env: { BASEMAP_PMTILES: archive } });
    context = await startBrowser();
  });
  after(async () => {
    await context?.close();
    server?.stop();
  });

  test('the first visit with a basemap configured loads neither the archive nor its renderer', async () => {
    const requests = await recordRequests(context, server.origin);
    const page = await pageIn(context, 'en');
    await page.goto(server.origin + '/');
    await appShown(page);
    await page.waitForSelector('[data-testid=list-status]');
    await page.waitForTimeout(500);
    assert.deepEqual(requests.filter((url) => /pmtiles|streets\.js|protomaps/.test(url)), []);
    assert.deepEqual(offOrigin(requests, server.origin), []);
    await page.close();
    await context.unrouteAll();
  });

  for (const [lang, name, other] of [['en', 'Jerusalem', 'القدس'], ['ar', 'القدس', 'Jerusalem']]) {
    test(`at zoom 14 the street basemap draws the archive, labels in ${lang}, from our origin only`, async () => {
      const requests = await recordRequests(context, server.origin);
      const page = await pageIn(context, lang);
      await page.goto(`${server.origin}/?at=${JERUSALEM_AT},14`);
      await appShown(page);
      await page.waitForFunction((text) => window.__drawn.texts.includes(text), name, { timeout: 20_000 });
      const drawn = await page.evaluate(() => window.__drawn);
      assert.ok(drawn.fills > 0, 'no polygon of the archive was filled');
      assert.ok(!drawn.texts.includes(other), `a label in the other language: ${drawn.texts}`);
      assert.ok(await page.locator('.leaflet-streets-pane canvas').count() > 0, 'no street tile in its pane');
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
      const attribution = await page.locator('.leaflet-control-attribution').textContent();
      // OpenStreetMap's credit in the reader's language (locales/<lang>/map.json).
      const credit = JSON.parse(readFileSync(join(root, `locales/${lang}/map.json`), 'utf8')).osmAttribution.replace('{{osm}}', 'OpenStreetMap');
      assert.ok(attribution.includes(credit), `"${credit}" in "${attribution}"`);
      assert.ok(requests.some((url) => url === `${server.origin}/basemap.pmtiles`), 'the archive was not read');
      assert.ok(requests.some((url) => url.endsWith('/vendor/protomaps-leaflet/protomaps-leaflet.js')));
      assert.deepEqual(offOrigin(requests, server.origin), []);
      await page.screenshot({ path: join(root, `test-artifacts/streets-${lang}.png`) });
      await page.close();
      await context.unrouteAll();
    });
  }
}

function describePlaces() {
  let server;
  let context;
  before(async () => {
    server = await startServer({ demoCount: 20 });
    context = await startBrowser();
  });
  after(async () => {
    await context?.close();
    server?.stop();
  });

  for (const [lang, name] of [['en', 'Ramallah'], ['ar', 'رام الله']]) {
    test(`without a basemap the map names the GeoNames places of the view in ${lang}`, async () => {
      const requests = await recordRequests(context, server.origin);
      const page = await pageIn(context, lang);
      await page.goto(`${server.origin}/?at=${JERUSALEM_AT},11`);
      await appShown(page);
      await page.locator('.place-label', { hasText: name }).first().waitFor({ timeout: 20_000 });
      const labels = await page.locator('.place-label').allTextContents();
      // Al-Quds is named by our own label, not by a GeoNames one.
      assert.ok(!labels.includes('Jerusalem') && !labels.includes('القدس'), labels.join(', '));
      assert.ok(requests.some((url) => url.includes('/api/v1/map/places?')));
      assert.deepEqual(requests.filter((url) => /pmtiles|streets\.js|protomaps/.test(url)), []);
      assert.deepEqual(offOrigin(requests, server.origin), []);
      await page.screenshot({ path: join(root, `test-artifacts/places-${lang}.png`) });

      // Zoomed out to the world outline, no place is named.
      await page.goto(`${server.origin}/?at=${JERUSALEM_AT},3`);
      await appShown(page);
      await page.waitForSelector('[data-testid=list-status]');
      await page.waitForTimeout(500);
      assert.equal(await page.locator('.place-label').count(), 0);
      await page.close();
      await context.unrouteAll();
    });
  }
}
