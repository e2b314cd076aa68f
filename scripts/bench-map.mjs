// Benchmark (not a test) of the first visit to the map, in Debian's headless Chromium on this
// machine: every byte the first visit downloads (as transferred, compressed) and the time from
// navigation to the first markers painted, the server's and the app's. Expects a server already running with the data set:
//   node scripts/bench-map.mjs http://127.0.0.1:18080 [runs]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const origin = process.argv[2] ?? 'http://127.0.0.1:18080';
const runs = Number(process.argv[3] ?? 5);

async function visit() {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sm-bench-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const responses = [];
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes();
    // A second request for a file already fetched (the favicon) is answered from the browser's
    // cache: nothing crosses the network, but Playwright gives it a negative body size (its
    // transferred bytes, 0, less its headers), which took 0.9 KiB off the total before #17's end.
    responses.push({ url: request.url().replace(origin, ''), body: Math.max(0, sizes.responseBodySize), headers: sizes.responseHeadersSize });
  });
  // Two moments: the server's SVG markers painted (they come with the HTML), and the app's
  // Leaflet markers shown (once it has taken over the server's page: web/src/take_over.rs). Each
  // is the first animation frame after the markers are in the document and visible.
  await page.addInitScript(() => {
    const onFrame = (name, shown) => {
      const check = () => {
        if (shown()) window[name] = performance.now();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    };
    onFrame('serverMarkersAt', () => document.querySelector('.server-map .cluster, .server-map .marker') !== null);
    onFrame('appMarkersAt', () => !document.getElementById('server-page')
      && document.querySelector('.cluster-marker, .organization-marker') !== null);
  });
  await page.goto(origin + '/');
  await page.waitForFunction(() => window.appMarkersAt !== undefined, null, { timeout: 30000 });
  await page.waitForLoadState('networkidle');
  const { serverMarkers, firstMarkers } = await page.evaluate(() => ({ serverMarkers: window.serverMarkersAt, firstMarkers: window.appMarkersAt }));
  await context.close();
  return { serverMarkers, firstMarkers, responses };
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await visit());
const servers = results.map((r) => r.serverMarkers).sort((a, b) => a - b);
console.log(`server's markers painted: median ${servers[Math.floor(servers.length / 2)].toFixed(0)} ms, worst ${servers[servers.length - 1].toFixed(0)} ms`);
const times = results.map((r) => r.firstMarkers).sort((a, b) => a - b);
const { responses } = results[results.length - 1];
const total = responses.reduce((n, r) => n + r.body, 0);
console.log(`app's markers shown: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, worst ${times[times.length - 1].toFixed(0)} ms over ${runs} cold visits`);
console.log(`first visit downloads ${(total / 1024).toFixed(1)} KiB of (compressed) bodies in ${responses.length} requests:`);
for (const r of responses.sort((a, b) => b.body - a.body)) console.log(`  ${(r.body / 1024).toFixed(1).padStart(7)} KiB  ${r.url}`);
