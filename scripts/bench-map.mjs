// Benchmark (not a test) of the first visit to the map, in Debian's headless Chromium on this
// machine: every byte the first visit downloads (as transferred, compressed) and the time from
// navigation to the first markers painted. Expects a server already running with the data set:
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
    responses.push({ url: request.url().replace(origin, ''), body: sizes.responseBodySize, headers: sizes.responseHeadersSize });
  });
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.cluster-marker, .organization-marker')) {
        window.firstMarkersAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(origin + '/');
  await page.waitForFunction(() => window.firstMarkersAt !== undefined, null, { timeout: 30000 });
  await page.waitForLoadState('networkidle');
  const firstMarkers = await page.evaluate(() => window.firstMarkersAt);
  await context.close();
  return { firstMarkers, responses };
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await visit());
const times = results.map((r) => r.firstMarkers).sort((a, b) => a - b);
const { responses } = results[results.length - 1];
const total = responses.reduce((n, r) => n + r.body, 0);
console.log(`first markers painted: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, worst ${times[times.length - 1].toFixed(0)} ms over ${runs} cold visits`);
console.log(`first visit downloads ${(total / 1024).toFixed(1)} KiB of (compressed) bodies in ${responses.length} requests:`);
for (const r of responses.sort((a, b) => b.body - a.body)) console.log(`  ${(r.body / 1024).toFixed(1).padStart(7)} KiB  ${r.url}`);
