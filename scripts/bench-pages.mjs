// Benchmark (not a test) of the server-rendered pages (issue #15), in Debian's headless Chromium:
// 1. the transfer of a first visit with JavaScript off, compressed, response headers included;
// 2. on a slow line (400 ms round trip, 50,000 B/s down, 25,000 B/s up, cold cache) with
//    JavaScript on: when organisation names are readable, and when the app's first markers paint.
// Expects a server already running with the data set:
//   node scripts/bench-pages.mjs http://127.0.0.1:18080 [slow-line runs]
import { chromium } from 'playwright-core';

const origin = process.argv[2] ?? 'http://127.0.0.1:18080';
const runs = Number(process.argv[3] ?? 3);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });

const slug = (await (await fetch(`${origin}/api/v1/organizations?category=jerusalem_grassroots&limit=1`)).json()).items[0].slug;

async function transfer(path) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const sizes = [];
  page.on('requestfinished', async (request) => {
    const s = await request.sizes();
    sizes.push({ url: request.url().replace(origin, ''), bytes: s.responseBodySize + s.responseHeadersSize });
  });
  await page.goto(origin + path, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  await context.close();
  return sizes;
}

console.log('| page (JavaScript off, first visit) | requests | transferred (compressed, headers included) |');
console.log('| --- | --- | --- |');
for (const path of ['/', `/org/${slug}`, '/join', '/resources', '/about']) {
  const sizes = await transfer(path);
  const total = sizes.reduce((n, s) => n + s.bytes, 0);
  console.log(`| \`${path.replace(slug, '{slug}')}\` | ${sizes.length} | ${(total / 1000).toFixed(1)} KB (${sizes.map((s) => `${s.url.split('?')[0]} ${(s.bytes / 1000).toFixed(1)}`).join(', ')}) |`);
}

async function slowVisit(path, readable) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50000, uploadThroughput: 25000 });
  // Checked every animation frame. The app's markers count once it has taken over the server's
  // page (before that they are drawn unseen: web/src/take_over.rs).
  await page.addInitScript((selector) => {
    const check = () => {
      if (window.readableAt === undefined && document.querySelector(selector)) window.readableAt = performance.now();
      if (!document.getElementById('server-page') && document.querySelector('.cluster-marker, .organization-marker')) {
        window.firstMarkersAt = performance.now();
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  }, readable);
  await page.goto(origin + path, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.firstMarkersAt !== undefined || document.querySelector('.organization-page') && window.readableAt !== undefined && performance.now() > 20000, null, { timeout: 60000, polling: 100 }).catch(() => {});
  const result = await page.evaluate(() => ({ readable: window.readableAt, markers: window.firstMarkersAt }));
  await context.close();
  return result;
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log();
console.log('| slow line, JavaScript on | names readable (median) | app\'s first markers (median) |');
console.log('| --- | --- | --- |');
for (const [path, readable] of [['/', '.organization-items a'], [`/org/${slug}`, 'h1 bdi']]) {
  const visits = [];
  for (let i = 0; i < runs; i++) visits.push(await slowVisit(path, readable));
  const names = median(visits.map((v) => v.readable ?? Infinity));
  const markers = visits.every((v) => v.markers !== undefined) ? `${(median(visits.map((v) => v.markers)) / 1000).toFixed(2)} s` : 'n/a';
  console.log(`| \`${path.replace(slug, '{slug}')}\` | ${(names / 1000).toFixed(2)} s | ${markers} |`);
}
await browser.close();
