import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appShown, artifacts, recordRequests, startBrowser, startServer } from './support.mjs';

let server;
let context;
let requests;

before(async () => {
  server = await startServer({ demoCount: 400 });
  context = await startBrowser();
  requests = await recordRequests(context, server.origin);
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function openMap(path = '/') {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(server.origin + path);
  await appShown(page);
  await page.waitForSelector('[data-testid=list-status]');
  return page;
}

const clusterTotal = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.leaflet-marker-icon')]
      .filter((m) => !m.classList.contains('jerusalem-label'))
      .reduce((n, m) => n + (m.classList.contains('cluster-marker') ? Number(m.textContent) : 1), 0));

test('the map shows every published organisation in view, clustered, with the legend counts', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/map/clusters'));
  await page.goto(server.origin + '/');
  await appShown(page);
  const inView = (await (await answer).json()).total;
  const categories = await (await fetch(server.origin + '/api/v1/categories')).json();
  const published = categories.reduce((n, c) => n + c.count, 0);
  assert.ok(inView > published * 0.95, `${inView} of ${published} in the first view`);
  await page.waitForFunction(() => document.querySelectorAll('.cluster-marker').length > 0);
  assert.equal(await clusterTotal(page), inView);
  for (const c of categories) {
    const toggle = page.locator(`.legend-toggle[data-category=${c.key}]`);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await toggle.locator('.count').innerText(), String(c.count));
  }
  assert.ok(await page.getByText('Jerusalem (al-Quds), capital of Palestine').isVisible());
  // Our own basemap: land (one filled shape across the world) and the borders between countries.
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-outlines-pane path').length >= 2);
  const basemap = await page.evaluate(() => {
    const map = document.querySelector('.leaflet-container').getBoundingClientRect();
    const paths = [...document.querySelectorAll('.leaflet-outlines-pane path')];
    const filled = paths.filter((p) => p.getAttribute('fill') !== 'none');
    return { mapWidth: map.width, landWidth: Math.max(...filled.map((p) => p.getBoundingClientRect().width)), lines: paths.length - filled.length };
  });
  assert.ok(basemap.landWidth > basemap.mapWidth * 0.9, JSON.stringify(basemap));
  assert.equal(basemap.lines, 1, JSON.stringify(basemap));
  await page.screenshot({ path: join(artifacts, 'map-world.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the world view loads the simplified outlines, zooming in the full ones, and one set is drawn', async () => {
  const outlineFiles = (page) => {
    const asked = [];
    page.on('request', (r) => { if (r.url().includes('/basemap/')) asked.push(new URL(r.url()).pathname); });
    return asked;
  };
  const drawn = (page) => page.evaluate(() => {
    const paths = [...document.querySelectorAll('.leaflet-outlines-pane path')];
    return { land: paths.filter((p) => p.getAttribute('fill') !== 'none').length, borders: paths.filter((p) => p.getAttribute('fill') === 'none').length };
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const asked = outlineFiles(page);
  await page.goto(server.origin + '/');
  await appShown(page);
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-outlines-pane path').length >= 2);
  assert.deepEqual(asked, ['/basemap/world-110m-low.json']);
  const full = page.waitForResponse((r) => r.url().endsWith('/basemap/world-110m.json'));
  await page.locator('.leaflet-control-zoom-in').click();
  await full;
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-outlines-pane path').length === 2);
  assert.deepEqual(await drawn(page), { land: 1, borders: 1 });
  // Back at the world view the full outlines stay: nothing more is asked for.
  await page.locator('.leaflet-control-zoom-out').click();
  await page.waitForTimeout(500);
  assert.deepEqual(asked, ['/basemap/world-110m-low.json', '/basemap/world-110m.json']);
  assert.deepEqual(await drawn(page), { land: 1, borders: 1 });
  await page.close();

  const deep = await context.newPage();
  const deepAsked = outlineFiles(deep);
  await deep.goto(server.origin + '/?at=31.7767,35.2345,12');
  await appShown(deep);
  await deep.waitForFunction(() => document.querySelectorAll('.leaflet-outlines-pane path').length >= 2);
  assert.deepEqual(deepAsked, ['/basemap/world-110m.json']);
  await deep.close();
});

test('toggling a category filters the map and the list, and the URL keeps it', async () => {
  const page = await openMap('/?at=31.7767,35.2345,12');
  await page.waitForFunction(() => document.querySelectorAll('.organization-items li').length > 0);
  const before = await clusterTotal(page);
  await page.locator('.legend-toggle[data-category=jerusalem_grassroots]').click();
  await page.waitForURL(/category=/);
  await page.waitForFunction((b) => {
    const n = [...document.querySelectorAll('.leaflet-marker-icon')].filter((m) => !m.classList.contains('jerusalem-label')).length;
    return n === 0 || document.querySelector('.legend-toggle[data-category=jerusalem_grassroots]').getAttribute('aria-pressed') === 'false';
  }, before);
  assert.equal(await page.locator('.legend-toggle[data-category=jerusalem_grassroots]').getAttribute('aria-pressed'), 'false');
  await page.waitForFunction(() => !document.querySelector('[data-testid=list-status]').textContent.match(/^\d+ org/) || true);
  await page.waitForTimeout(300);
  const after = await clusterTotal(page);
  assert.ok(after < before, `${after} < ${before}`);
  const url = new URL(page.url());
  assert.ok(!url.searchParams.get('category').includes('jerusalem_grassroots'));
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('.legend-toggle[data-category=jerusalem_grassroots]').getAttribute('aria-pressed') === 'true');
  await page.close();
});

test('search narrows the list, and a shared URL reloads the same view', async () => {
  const page = await openMap('/?at=31.7767,35.2345,12');
  await page.getByLabel('Search', { exact: true }).fill('silwan');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL(/q=silwan/);
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll('.organization-items li a')];
    return items.length > 0 && items.every((a) => a.textContent.includes('Silwan'));
  });
  const listed = await page.locator('.organization-items li a').allInnerTexts();
  const shared = page.url();
  const again = await openMap(shared.replace(server.origin, ''));
  await again.waitForFunction((n) => document.querySelectorAll('.organization-items li a').length === n, listed.length);
  assert.deepEqual(await again.locator('.organization-items li a').allInnerTexts(), listed);
  assert.equal(await again.getByLabel('Search', { exact: true }).inputValue(), 'silwan');
  await again.screenshot({ path: join(artifacts, 'map-search.png') });
  await page.close();
  await again.close();
});

test('the detail page opens from the list by keyboard alone', async () => {
  const page = await openMap('/?at=31.7767,35.2345,12');
  await page.waitForFunction(() => document.querySelectorAll('.organization-items li a').length > 0);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => document.activeElement.className);
  assert.equal(skip, 'skip-link');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.closest('.organization-items') !== null);
  assert.ok(focused, 'the first Tab after the skip link lands in the list');
  const name = await page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/org\//);
  await page.waitForSelector('h1');
  assert.equal(await page.locator('h1').innerText(), name);
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  const jsonLd = JSON.parse(await page.locator('#organization-json-ld').textContent());
  assert.equal(jsonLd['@type'], 'Organization');
  assert.equal(jsonLd.name, name);
  await page.screenshot({ path: join(artifacts, 'detail.png') });
  await page.close();
});

test("an organisation's page in the app is the server's page, with a movable map of its twinnings, in the reader's language", async () => {
  const partnerships = await (await fetch(`${server.origin}/api/v1/partnerships`)).json();
  assert.ok(partnerships.length > 0, 'the demo data twins organisations');
  const jerusalem = partnerships[0].jerusalem_organization;
  const twins = partnerships.filter((p) => p.jerusalem_organization.id === jerusalem.id).length;
  const page = await openMap(`/?q=${encodeURIComponent(jerusalem.name)}`);
  await page.locator(`.organization-items a[href="/org/${jerusalem.slug}"]`).click();
  await page.waitForURL(new RegExp(`/org/${jerusalem.slug}$`));
  await page.locator('.detail-map .leaflet-marker-icon:not(.place-label)').waitFor();
  // Nothing of the drawn locator is left once Leaflet's map is in its place.
  assert.equal(await page.locator('figure.locator').count(), 0);
  assert.equal(await page.locator('.detail-map path.leaflet-interactive').count(), twins, 'one line per twinned organisation');
  const server_html = await (await fetch(`${server.origin}/org/${jerusalem.slug}`, { headers: { 'Accept-Language': 'en' } })).text();
  const description = server_html.match(/<p class="description"[^>]*>([^<]*)</)[1];
  assert.equal(await page.locator('article.organization .description').innerText(), description.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  assert.ok((await page.title()).includes(jerusalem.name), await page.title());
  // "Back to the map" goes to the search the visitor came from.
  assert.match(await page.locator('a.back-to-map').getAttribute('href'), /[?&]q=/);
  await page.getByRole('button', { name: 'العربية' }).click();
  await page.waitForFunction(() => document.querySelector('a.back-to-map')?.textContent === 'العودة إلى الخريطة');
  await page.locator('.detail-map .leaflet-marker-icon:not(.place-label)').waitFor();
  assert.match(await page.locator('a.back-to-map').getAttribute('href'), /[?&]q=/);
  assert.equal(await page.locator('.leaflet-control-zoom-in').getAttribute('aria-label'), 'تكبير');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Arabic: the page is right-to-left and translated, and the choice is kept in the URL (no cookie)', async () => {
  const page = await openMap();
  await page.getByRole('button', { name: 'العربية' }).click();
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.ok(await page.getByRole('heading', { name: 'الفئات' }).isVisible());
  assert.ok(await page.getByText('مجموعة طلابية').isVisible());
  assert.equal(await page.locator('.map-section').evaluate((e) => getComputedStyle(e).direction), 'ltr');
  await page.screenshot({ path: join(artifacts, 'map-arabic.png') });
  assert.match(page.url(), /[?&]lang=ar/);
  // A reload (or the link shared) opens in Arabic: the server renders it so, and the app follows.
  await page.reload();
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await page.waitForFunction(() => document.querySelector('.leaflet-container') && document.documentElement.dir === 'rtl');
  await page.close();
});

test('the map element has a role and a name; only markers inside it are focusable; Enter on a cluster zooms in', async () => {
  const page = await openMap('/?at=31.7767,35.2345,9');
  await page.waitForFunction(() => document.querySelectorAll('.cluster-marker').length > 0);
  const container = page.locator('.leaflet-container');
  assert.equal(await container.getAttribute('role'), 'region');
  assert.equal(await container.getAttribute('aria-label'), 'Map of organisations');
  const outside = await page.evaluate(() => {
    const box = document.querySelector('.leaflet-container').getBoundingClientRect();
    return [...document.querySelectorAll('.leaflet-marker-icon[tabindex="0"]')].filter((m) => {
      const r = m.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      return x < box.left - 40 || x > box.right + 40 || y < box.top - 40 || y > box.bottom + 40;
    }).length;
  });
  assert.equal(outside, 0, 'focusable markers outside the map');
  const cluster = page.locator('.cluster-marker').first();
  const size = await cluster.boundingBox();
  assert.ok(size.width >= 24 && size.height >= 24, 'cluster target at least 24 px');
  const zoomBefore = Number(new URL(page.url()).searchParams.get('at').split(',')[2]);
  await cluster.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((z) => Number(new URL(location.href).searchParams.get('at').split(',')[2]) > z, zoomBefore);
  await page.close();
});

test('with the default configuration every request goes to our own origin', async () => {
  const foreign = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('data:'));
  assert.ok(requests.length > 20, `only ${requests.length} requests recorded`);
  assert.deepEqual(foreign, []);
});

test('Swagger UI renders every operation from our own binary', async () => {
  const page = await context.newPage();
  await page.goto(server.origin + '/api/docs/');
  await page.waitForSelector('.opblock', { timeout: 20000 });
  const operations = await page.locator('.opblock').count();
  const documented = Object.values((await (await fetch(server.origin + '/api/openapi.json')).json()).paths)
    .reduce((n, item) => n + Object.keys(item).length, 0);
  assert.equal(operations, documented);
  await page.screenshot({ path: join(artifacts, 'swagger-ui.png') });
  await page.close();
});
