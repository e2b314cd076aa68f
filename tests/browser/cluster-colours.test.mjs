// Issue #17: a cluster shows what is inside it. Its disc takes the colour of its largest category
// and a ring shows every category's share, on the server's SVG map (JavaScript off) and in the
// app's icons alike; with a category filter on, every cluster is that category's colour. The
// colours are the categories' own, as /api/v1/categories gives them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { appShown, artifacts, startServer } from './support.mjs';

let server;
let browser;
let colours;

before(async () => {
  server = await startServer({ demoCount: 400 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const categories = await (await fetch(`${server.origin}/api/v1/categories`)).json();
  colours = Object.fromEntries(categories.map((c) => [c.key, c.colour.toLowerCase()]));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function open(path, { javaScript }) {
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { 'Accept-Language': 'en' },
  });
  const page = await context.newPage();
  await page.goto(server.origin + path);
  if (javaScript) {
    await appShown(page);
    await page.waitForSelector('.cluster-marker');
    // Drawn again once every answer is in (clusters and categories).
    await page.waitForTimeout(500);
  }
  return { page, close: () => context.close() };
}

/// Every cluster drawn, in the page: its accessible name, the disc's colour, the colours of its
/// ring in order (as #rrggbb), and the count's colour.
function drawnClusters() {
  const hex = (colour) => {
    const rgb = colour.match(/\d+(\.\d+)?/g);
    if (!colour.startsWith('rgb') || !rgb) return colour.toLowerCase();
    return `#${rgb.slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
  };
  const distinct = (list) => list.filter((c, i) => i === 0 || c !== list[i - 1]);
  const svg = [...document.querySelectorAll('.server-map a.cluster')].map((a) => ({
    name: a.getAttribute('aria-label'),
    disc: hex(a.querySelector('.cluster-disc').getAttribute('fill')),
    ring: distinct([...a.querySelectorAll('.cluster-share')].map((s) => hex(s.getAttribute('fill')))),
    text: hex(a.querySelector('text').getAttribute('fill')),
  }));
  const app = [...document.querySelectorAll('.leaflet-marker-icon.cluster-marker')].map((m) => {
    const disc = getComputedStyle(m.querySelector('.cluster-disc'));
    const gradient = getComputedStyle(m.querySelector('.cluster-ring')).backgroundImage;
    return {
      name: m.getAttribute('title'),
      disc: hex(disc.backgroundColor),
      ring: distinct((gradient.match(/rgb\([^)]*\)/g) ?? []).map(hex)),
      text: hex(disc.color),
    };
  });
  return { svg, app };
}

test('with a category filter on, every cluster on both maps takes that category\'s colour', async () => {
  for (const key of ['student_group', 'media']) {
    const colour = colours[key];
    const server = await open(`/?category=${key}`, { javaScript: false });
    const app = await open(`/?category=${key}`, { javaScript: true });
    try {
      const { svg } = await server.page.evaluate(drawnClusters);
      const { app: icons } = await app.page.evaluate(drawnClusters);
      assert.ok(svg.length > 0 && icons.length > 0, `${key}: clusters on both maps (${svg.length}, ${icons.length})`);
      for (const cluster of [...svg, ...icons]) {
        assert.equal(cluster.disc, colour, `${key}: ${JSON.stringify(cluster)}`);
        assert.deepEqual(cluster.ring, [colour], `${key}: ${JSON.stringify(cluster)}`);
        assert.match(cluster.name, /organisations, all /, `${key}: the name says what is inside`);
      }
      await app.page.screenshot({ path: join(artifacts, `cluster-colours-${key}.png`) });
    } finally {
      await server.close();
      await app.close();
    }
  }
});

test('unfiltered, a cluster looks the same on the server\'s map and in the app: its largest category\'s colour, a ring of shares', async () => {
  const view = '/?at=25,20,3';
  const server = await open(view, { javaScript: false });
  const app = await open(view, { javaScript: true });
  try {
    const { svg } = await server.page.evaluate(drawnClusters);
    const { app: icons } = await app.page.evaluate(drawnClusters);
    const known = new Set(Object.values(colours));
    for (const cluster of [...svg, ...icons]) {
      assert.ok(known.has(cluster.disc), `a category's colour: ${JSON.stringify(cluster)}`);
      assert.equal(cluster.ring[0], cluster.disc, `the ring starts with the disc's category: ${JSON.stringify(cluster)}`);
      assert.ok(['#000000', '#ffffff'].includes(cluster.text), JSON.stringify(cluster));
    }
    assert.ok(svg.some((c) => c.ring.length > 1), 'some clusters mix categories');
    assert.ok(new Set(svg.map((c) => c.disc)).size > 1, 'not every cluster is the same colour');
    // The same clusters are drawn alike by both (those whose name is unique on both maps: the
    // name says the count and the largest category, not the rest of the ring).
    const once = (list) => new Map(list.filter((c) => list.filter((d) => d.name === c.name).length === 1).map((c) => [c.name, c]));
    const byName = once(svg);
    const shared = [...once(icons).values()].filter((c) => byName.has(c.name));
    assert.ok(shared.length >= 3, `clusters on both maps: ${shared.length} of ${icons.length}`);
    for (const cluster of shared) assert.deepEqual(cluster, byName.get(cluster.name));
    await server.page.screenshot({ path: join(artifacts, 'cluster-colours-server.png') });
    await app.page.screenshot({ path: join(artifacts, 'cluster-colours-app.png') });
  } finally {
    await server.close();
    await app.close();
  }
});
