// An operator may configure raster tiles; only then does the map request anything from
// another server (here another local origin that refuses connections).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordRequests, startBrowser, startServer } from './support.mjs';

test('configured raster tiles are requested from the configured server, with attribution', async () => {
  const tiles = 'http://127.0.0.2:9/tiles/{z}/{x}/{y}.png';
  const server = await startServer({ demoCount: 20, env: { TILE_URL: tiles, TILE_ATTRIBUTION: 'Example Tiles' } });
  const context = await startBrowser();
  try {
    const requests = await recordRequests(context, server.origin);
    const page = await context.newPage();
    await page.goto(server.origin + '/');
    await page.waitForSelector('[data-testid=list-status]');
    await page.waitForFunction(() => document.querySelector('.leaflet-control-attribution')?.textContent.includes('Example Tiles'));
    const tileRequests = requests.filter((url) => url.startsWith('http://127.0.0.2:9/tiles/'));
    assert.ok(tileRequests.length > 0, 'no tile was requested');
    const others = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('http://127.0.0.2:9/tiles/'));
    assert.deepEqual(others, []);
  } finally {
    await context.close();
    server.stop();
  }
});
