// Issue #17, "Keyboard and focus" and "Smaller defects", in headless Chromium against the real
// server: focus is never dropped to <body> (a Tab walk through the map's markers, Enter on a
// cluster, choosing a city, Back from an organisation), Back restores the scroll and the map's
// view, Enter in the city search does not send the join form, the Jerusalem category's rule on
// the join form, the embeddable map's unknown category, no Leaflet error on an organisation's
// page, the owner page's outcome and actions, and no language stored for a visitor who chose none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appShown, recordRequests, startBrowser, startServer } from './support.mjs';

const JERUSALEM_VIEW = '/?at=31.7767,35.2345,13';

let server;
let context;

before(async () => {
  server = await startServer({ demoCount: 300, env: { MIN_FILL_SECS: '0' } });
  context = await startBrowser();
  await recordRequests(context, server.origin);
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function open(path, { width = 1280, height = 900 } = {}) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(server.origin + path);
  await appShown(page);
  return page;
}

const activeIsBody = (page) => page.evaluate(() => !document.activeElement || document.activeElement === document.body);

/// The markers a keyboard reaches in the map: organisations and clusters, not our label.
const focusableMarkers = (page) => page.evaluate(() => document.querySelectorAll('.leaflet-marker-icon[tabindex="0"]').length);

async function mapWithMarkers(path, size) {
  const page = await open(path, size);
  await page.waitForFunction(() => document.querySelectorAll('.organization-items li a').length > 0);
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-marker-icon[tabindex="0"]').length > 0);
  // The viewport has settled: no request for clusters is on its way.
  await page.waitForLoadState('networkidle');
  return page;
}

for (const [width, height] of [[1280, 900], [1024, 768]]) test(`Tab goes through the markers in the Jerusalem view and on to the list, never dropping focus (${width} px)`, async () => {
  const page = await mapWithMarkers(JERUSALEM_VIEW, { width, height });
  const markers = await focusableMarkers(page);
  assert.ok(markers > 3, `${markers} markers in view`);
  const at = new URL(page.url()).searchParams.get('at');
  await page.locator('.leaflet-container').focus();
  let presses = 0;
  let reached = false;
  const visited = new Set();
  while (presses < markers + 5) {
    await page.keyboard.press('Tab');
    presses += 1;
    // Long enough for a move of the map to fetch and draw the clusters again.
    await page.waitForTimeout(150);
    await page.waitForLoadState('networkidle');
    assert.equal(await activeIsBody(page), false, `focus fell to <body> after ${presses} Tab presses`);
    const where = await page.evaluate(() => {
      const el = document.activeElement;
      return {
        inList: !!el.closest('#organization-list'),
        inMap: !!el.closest('.leaflet-container'),
        key: el.getAttribute('data-key'),
        what: el.outerHTML.slice(0, 80),
      };
    });
    assert.ok(where.inMap || where.inList, `after ${presses} Tab presses focus left the map for ${where.what}`);
    if (where.key) visited.add(where.key);
    if (where.inList) {
      reached = true;
      break;
    }
  }
  assert.ok(reached, `the list not reached within ${markers + 5} presses`);
  assert.equal(new URL(page.url()).searchParams.get('at'), at, 'focusing markers does not move the map');
  assert.equal(visited.size, markers, 'every marker in view was visited once');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Enter on a cluster zooms in and focus stays in the map', async () => {
  const page = await mapWithMarkers('/?at=31.7767,35.2345,9');
  await page.locator('.cluster-marker').first().focus();
  const zoomBefore = Number(new URL(page.url()).searchParams.get('at').split(',')[2]);
  await page.keyboard.press('Enter');
  await page.waitForFunction((z) => Number(new URL(location.href).searchParams.get('at').split(',')[2]) > z, zoomBefore);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  assert.equal(await activeIsBody(page), false, 'focus fell to <body>');
  assert.ok(await page.evaluate(() => !!document.activeElement.closest('.leaflet-container')), 'focus is in the map');
  await page.keyboard.press('Tab');
  assert.equal(await activeIsBody(page), false);
  await page.close();
});

test('Back from an organisation restores the map view, the scroll and the focus on the link followed; "Back to the map" returns to that view', async () => {
  const page = await mapWithMarkers('/?at=31.7767,35.2345,12', { width: 1280, height: 600 });
  const at = new URL(page.url()).searchParams.get('at');
  const link = page.locator('.organization-items li a').nth(5);
  await link.scrollIntoViewIfNeeded();
  const name = await link.innerText();
  const scrolled = await page.evaluate(() => window.scrollY);
  assert.ok(scrolled > 100, `the page scrolled (${scrolled})`);
  // Where the link was on the screen: content above it may arrive later on the way back.
  const top = (await link.boundingBox()).y;
  await link.click();
  await page.waitForURL(/\/org\//);
  await page.locator('h1').waitFor();
  const back = page.getByRole('link', { name: 'Back to the map' });
  assert.equal(new URL(await back.getAttribute('href'), server.origin).searchParams.get('at'), at);

  await page.goBack();
  await page.waitForFunction((n) => document.activeElement?.textContent === n, name);
  assert.equal(new URL(page.url()).searchParams.get('at'), at);
  await page.waitForLoadState('networkidle');
  const restored = await page.evaluate(() => ({ y: window.scrollY, top: document.activeElement.getBoundingClientRect().y }));
  assert.ok(restored.y > 100, `scrolled back down (${restored.y}), not to the top`);
  assert.ok(Math.abs(restored.top - top) < 5, `the link is ${restored.top} px from the top, was ${top}`);

  // "Back to the map" on the page goes to the view the visitor came from, not the world.
  await page.locator('.organization-items li a').nth(5).click();
  await page.waitForURL(/\/org\//);
  await page.getByRole('link', { name: 'Back to the map' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  assert.equal(new URL(page.url()).searchParams.get('at'), at);
  await page.locator('.leaflet-container').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an organisation page loads without any error from Leaflet', async () => {
  const list = await (await fetch(server.origin + '/api/v1/organizations?limit=3')).json();
  for (const org of list.items) {
    const page = await open(`/org/${org.slug}`);
    await page.locator('.detail-map .leaflet-marker-icon:not(.place-label)').waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    assert.deepEqual(page.errors, [], `/org/${org.slug}`);
    await page.close();
  }
});

test('the embeddable map says when its link asks for a category that does not exist, in the reader\'s language', async () => {
  for (const [lang, pattern] of [['en', /“no_such_kind”/], ['ar', /«no_such_kind»/]]) {
    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
    await page.goto(`${server.origin}/embed?category=no_such_kind`);
    await appShown(page);
    await page.locator('[data-testid=embed-notice]').waitFor();
    assert.match(await page.locator('[data-testid=embed-notice]').innerText(), pattern);
    // And the map shows every organisation rather than nothing.
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-marker-icon[tabindex="0"]').length > 0);
    await page.close();
  }
});

test('a first visit stores no language; choosing one is kept in the URL', async () => {
  const page = await open('/');
  await page.waitForSelector('[data-testid=list-status]');
  await page.waitForTimeout(500);
  assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), {});
  assert.equal(new URL(page.url()).searchParams.get('lang'), null);
  await page.getByRole('button', { name: 'Français' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'fr');
  await page.close();
});

async function openJoin() {
  const page = await open('/join');
  await page.waitForSelector('form.entry-form');
  await page.waitForFunction(() => document.querySelectorAll('#category option').length > 1);
  return page;
}

test('Enter in the city search finds cities and never sends the form; choosing one keeps focus', async () => {
  const page = await openJoin();
  let sent = 0;
  page.on('request', (r) => { if (r.method() === 'POST') sent += 1; });
  await page.locator('#city-search').fill('Tromsø');
  await page.locator('#city-search').press('Enter');
  await page.locator('.city-suggestions button').first().waitFor();
  assert.equal(await page.locator('#error-summary').count(), 0, 'no error summary');
  assert.equal(sent, 0, 'nothing sent');
  await page.locator('.city-suggestions button').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=chosen-point]').textContent.includes('69.'));
  assert.equal(await activeIsBody(page), false, 'focus fell to <body>');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'city-search');
  assert.equal(await page.inputValue('#city'), 'Tromsø');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the join form refuses the Jerusalem category for a group elsewhere, next to the category', async () => {
  const page = await openJoin();
  await page.fill('#name', 'Example Solidarity Group, Tromsø');
  await page.selectOption('#category', 'jerusalem_grassroots');
  await page.locator('#city-search').fill('Tromsø');
  await page.getByRole('button', { name: 'Find a city' }).click();
  await page.locator('.city-suggestions button').first().click();
  await page.fill('#contact_email', 'tromso@example.org');
  await page.check('#consent');
  await page.getByRole('button', { name: 'Send for review' }).click();
  await page.locator('#error-summary').waitFor();
  assert.equal(await page.locator('#category').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#category-error').innerText(), /organisations in Jerusalem \(al-Quds\)/);
  assert.equal(await page.locator('#error-summary li').count(), 1);
  // In Jerusalem, the same category is accepted by the same rule.
  await page.locator('#city-search').fill('Jerusalem');
  await page.getByRole('button', { name: 'Find a city' }).click();
  await page.locator('.city-suggestions button').first().click();
  assert.equal(await page.inputValue('#country'), 'PS');
  await page.getByRole('button', { name: 'Send for review' }).click();
  await page.locator('[data-testid=owner-link]').waitFor();
  await page.close();
});

test('the owner page: no "still active" while the entry awaits review (app and server page); hiding says it was done', async () => {
  const token = (await (await fetch(server.origin + '/api/v1/form-token')).json()).token;
  const body = { name: 'Example Owner Test, Bergen', category: 'media', city: 'Bergen', country: 'NO', latitude: 60.39, longitude: 5.32, contact_email: 'bergen@example.net', consent: true, form_token: token };
  const response = await fetch(server.origin + '/api/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 201);
  const receipt = await response.json();
  const ownerUrl = new URL(receipt.owner_url);
  const page = await open(`/owner${ownerUrl.hash}`);
  await page.locator('[data-testid=owner-status]').waitFor();
  assert.equal(await page.locator('[data-testid=owner-status]').innerText(), 'Awaiting review');
  assert.equal(await page.getByRole('button', { name: 'We are still active' }).count(), 0);
  const serverPage = await (await fetch(`${server.origin}/owner`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ action: 'open', token: ownerUrl.hash.slice(1) }),
  })).text();
  assert.ok(serverPage.includes('data-testid="owner-status"'), 'the server page opened the entry');
  assert.ok(!serverPage.includes('We are still active'));
  await page.close();
});
