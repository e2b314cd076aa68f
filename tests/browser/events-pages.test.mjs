// Events (issue #19) in headless Chromium against the real server: an owner posts an event
// through the owner page, without JavaScript (the server's form) and with it (the app); once
// approved through the admin API, the event's page shows in English and Arabic (right to left),
// and no app takes the event pages over. axe on every new page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { appShown, artifacts, assertAccessible, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let browser;

before(async () => {
  server = await startServer({ demoCount: 30, admin: ADMIN, env: { MIN_FILL_SECS: '0', WRITE_BURST: '1000' } });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function api(path, { method = 'GET', token, body } = {}) {
  const response = await fetch(server.origin + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function adminToken() {
  return (await api('/api/v1/auth/login', { method: 'POST', body: ADMIN })).body.access_token;
}

/// A group on the map with its owner token (joined and approved through the API).
async function listedGroup(name, email) {
  const formToken = (await api('/api/v1/form-token')).body.token;
  const joined = await api('/api/v1/submissions', {
    method: 'POST',
    body: { name, category: 'solidarity_group', city: 'Turku', country: 'FI', latitude: 60.45, longitude: 22.27, contact_email: email, consent: true, form_token: formToken },
  });
  assert.equal(joined.status, 201, JSON.stringify(joined.body));
  const token = await adminToken();
  const queue = (await api('/api/v1/admin/submissions', { token })).body;
  const item = queue.find((s) => s.draft.name === name);
  assert.equal((await api(`/api/v1/admin/submissions/${item.submission_id}/approve`, { method: 'POST', token })).status, 204);
  return joined.body.owner_token;
}

/// Approves the pending event titled `title`; its slug.
async function approve(title) {
  const token = await adminToken();
  const pending = (await api('/api/v1/admin/events', { token })).body;
  const item = pending.find((e) => e.event.title === title);
  assert.ok(item, `no pending event ${title}: ${JSON.stringify(pending)}`);
  assert.equal((await api(`/api/v1/admin/events/${item.event.id}/approve`, { method: 'POST', token })).status, 200);
  return item.event.slug;
}

/// A page with JavaScript on or off, reading `lang`; other origins refused.
async function openPage({ js, lang = 'en', width = 1280, timezoneId }) {
  const context = await browser.newContext({
    javaScriptEnabled: js,
    viewport: { width, height: 900 },
    extraHTTPHeaders: { 'Accept-Language': lang },
    ...(timezoneId ? { timezoneId } : {}),
  });
  await context.route('**/*', (route) => (route.request().url().startsWith(server.origin) ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return { page, close: () => context.close() };
}

/// `days` from now at 18:00, as a `datetime-local` field takes it.
function localDay(days, hour) {
  const d = new Date(Date.now() + days * 86400000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

async function withScreenshot(page, name, steps) {
  try {
    await steps();
  } catch (error) {
    await page.screenshot({ path: join(artifacts, `${name}-failure.png`), fullPage: true }).catch(() => {});
    throw error;
  }
}

/// The event's page in English and Arabic: its title, its JSON-LD, and no app on it.
async function checkEventPage(slug, title, js) {
  for (const lang of ['en', 'ar']) {
    const { page, close } = await openPage({ js, lang });
    const response = await page.goto(`${server.origin}/events/${slug}`);
    assert.equal(response.status(), 200);
    await appShown(page);
    assert.equal(await page.locator('article.event h1').innerText(), title);
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
    assert.equal(await page.locator('script[type=module]').count(), 0, 'no bundle on the event page');
    const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
    assert.equal(ld['@type'], 'Event');
    assert.equal(ld.name, title);
    if (js) {
      // Still the server's page a moment later: nothing took it over.
      await page.waitForTimeout(300);
      assert.equal(await page.locator('#server-page article.event').count(), 1);
    }
    await page.screenshot({ path: join(artifacts, `event-page-${js ? 'js' : 'nojs'}-${lang}.png`), fullPage: true });
    // axe runs as a script: the page without JavaScript is audited where scripts run (the event
    // pages load no bundle, so it is the same page).
    if (js) await assertAccessible(page, `/events/${slug} (${lang})`);
    assert.deepEqual(page.errors, []);
    await close();
  }
}

test('without JavaScript an owner posts an event through the owner page; approved, its page shows in en and ar', async () => {
  const ownerToken = await listedGroup('Example Vigil Group, Turku', 'vigils@example.org');
  const { page, close } = await openPage({ js: false });
  await withScreenshot(page, 'events-nojs', async () => {
    await page.goto(server.origin + '/owner');
    await page.fill('#token', ownerToken);
    await page.getByRole('button', { name: 'Open my entry' }).click();
    await page.locator('[data-testid=owner-events]').waitFor();
    await page.getByRole('button', { name: 'Post an event' }).click();
    // A field wrong: said next to it, the rest kept.
    await page.fill('#title', 'Vigil for Jerusalem in Turku');
    await page.selectOption('#kind', 'vigil');
    await page.fill('#starts_at', localDay(5, 18));
    await page.fill('#ends_at', localDay(5, 17));
    await page.selectOption('#time_zone', 'Europe/Helsinki');
    await page.fill('#city', 'Turku');
    await page.selectOption('#country', 'FI');
    await page.locator('#event-form').getByRole('button', { name: 'Send for review' }).click();
    assert.match(await page.locator('#ends_at-error').innerText(), /after the start/);
    assert.equal(await page.inputValue('#title'), 'Vigil for Jerusalem in Turku');
    await page.fill('#ends_at', localDay(5, 20));
    await page.fill('#languages', 'fi, en, ar');
    await page.locator('#event-form').getByRole('button', { name: 'Send for review' }).click();
    assert.match(await page.locator('#owner-outcome').innerText(), /Sent for review/);
    assert.equal(await page.locator('li[data-status=pending]').count(), 1);
  });
  await close();

  const slug = await approve('Vigil for Jerusalem in Turku');
  await checkEventPage(slug, 'Vigil for Jerusalem in Turku', false);
  await checkEventPage(slug, 'Vigil for Jerusalem in Turku', true);

  // The list, the organisation page and its archive link to it, each checked by axe.
  const event = (await api(`/api/v1/events/${slug}`)).body;
  for (const lang of ['en', 'ar']) {
    for (const path of ['/events', `/org/${event.organizer.slug}`, `/org/${event.organizer.slug}/events`]) {
      const { page: other, close: closeOther } = await openPage({ js: true, lang, width: 320 });
      assert.equal((await other.goto(server.origin + path)).status(), 200, path);
      await appShown(other);
      assert.ok(await other.locator(`a[href*="/events/${slug}"]`).count() >= 1, `${path} links to the event`);
      await assertAccessible(other, `${path} (${lang}, 320px)`);
      await closeOther();
    }
  }
});

test('with JavaScript an owner posts an event in the app (the browser\'s zone chosen); approved, its page shows and no app takes it over', async () => {
  const ownerToken = await listedGroup('Example Talks Group, Turku', 'talks@example.org');
  const { page, close } = await openPage({ js: true, timezoneId: 'Asia/Jerusalem' });
  await withScreenshot(page, 'events-js', async () => {
    await page.goto(`${server.origin}/owner#${ownerToken}`);
    await appShown(page);
    await page.locator('[data-testid=owner-events]').waitFor();
    await page.getByRole('button', { name: 'Post an event' }).click();
    await page.locator('#event-form').waitFor();
    assert.equal(await page.inputValue('#time_zone'), 'Asia/Jerusalem');
    await page.fill('#title', 'Online talk on al-Quds');
    await page.selectOption('#kind', 'talk');
    await page.fill('#starts_at', localDay(6, 19));
    await page.fill('#ends_at', localDay(6, 18));
    await page.check('#online');
    await page.locator('#event-form').getByRole('button', { name: 'Send for review' }).click();
    await page.locator('#ends_at-error').waitFor();
    assert.match(await page.locator('#ends_at-error').innerText(), /after the start/);
    await page.fill('#ends_at', localDay(6, 21));
    await page.locator('#event-form').getByRole('button', { name: 'Send for review' }).click();
    await page.waitForFunction(() => document.querySelector('#owner-events-message')?.textContent.includes('Sent for review'));
    await page.locator('li[data-status=pending]').waitFor();
    await assertAccessible(page, '/owner with events (app)');
    assert.deepEqual(page.errors, []);
  });
  await close();

  const slug = await approve('Online talk on al-Quds');
  const event = (await api(`/api/v1/events/${slug}`)).body;
  assert.equal(event.time_zone, 'Asia/Jerusalem');
  assert.equal(event.online, true);
  await checkEventPage(slug, 'Online talk on al-Quds', true);
  const { page: list, close: closeList } = await openPage({ js: true });
  await list.goto(server.origin + '/events');
  await appShown(list);
  assert.ok(await list.locator(`a[href="/events/${slug}"]`).count() === 1);
  await closeList();
});
