// Issue #19's events, the whole way through, in headless Chromium against the real server: a
// group posts an event through its owner page (the server's form, as without JavaScript), a
// moderator approves it in the dashboard, and a visitor then finds it on the map's events layer
// at the group's city (listed, flagged, its popup linking to the event's page) and in the
// calendar feeds of the group and of the city's view, read by ical.js, the iCalendar parser of
// Mozilla Thunderbird.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import ICAL from 'ical.js';
import { appShown, artifacts, root, startServer } from './support.mjs';

const MODERATOR = { email: 'moderator@example.org', password: 'a long moderator password' };
const words = (namespace) => JSON.parse(readFileSync(join(root, `locales/en/${namespace}.json`), 'utf8'));
const ADMIN = words('admin');
const EVENTS = words('events');
const TITLE = 'Vigil for al-Quds on the Turku river bank';

let server;
let browser;

before(async () => {
  server = await startServer({ demoCount: 30, moderator: MODERATOR, env: { MIN_FILL_SECS: '0', WRITE_BURST: '1000' } });
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
  const text = await response.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* a calendar */ }
  return { status: response.status, body: parsed, type: response.headers.get('content-type') };
}

/// A browser page with JavaScript on or off; other origins refused.
async function openPage({ js }) {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': 'en' } });
  await context.route('**/*', (route) => (route.request().url().startsWith(server.origin) ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return { page, close: () => context.close() };
}

async function withScreenshot(page, name, steps) {
  try {
    await steps();
  } catch (error) {
    await page.screenshot({ path: join(artifacts, `${name}-failure.png`), fullPage: true }).catch(() => {});
    throw error;
  }
}

/// A day `days` from today (UTC), as `YYYY-MM-DD`.
const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/// The VEVENTs of an iCalendar document, as ical.js reads them.
function calendarEvents(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  assert.equal(calendar.name, 'vcalendar');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  assert.ok(calendar.getFirstPropertyValue('prodid'), 'a PRODID, which RFC 5545 requires');
  return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
}

test('an event posted through the owner page and approved by a moderator is on the map\'s events layer and in the calendar feeds', { timeout: 180_000 }, async () => {
  // A group in Turku on the map, with its owner link (joining is tested on its own elsewhere).
  const moderatorToken = (await api('/api/v1/auth/login', { method: 'POST', body: MODERATOR })).body.access_token;
  assert.ok(moderatorToken);
  const formToken = (await api('/api/v1/form-token')).body.token;
  const joined = await api('/api/v1/submissions', {
    method: 'POST',
    body: { name: 'Example River Vigils, Turku', category: 'solidarity_group', city: 'Turku', country: 'FI', latitude: 60.45, longitude: 22.27, contact_email: 'river@example.org', consent: true, form_token: formToken },
  });
  assert.equal(joined.status, 201, JSON.stringify(joined.body));
  const queued = (await api('/api/v1/admin/submissions', { token: moderatorToken })).body.find((s) => s.draft.name === 'Example River Vigils, Turku');
  assert.equal((await api(`/api/v1/admin/submissions/${queued.submission_id}/approve`, { method: 'POST', token: moderatorToken })).status, 204);
  const organization = (await api('/api/v1/owner/entry', { token: joined.body.owner_token })).body.organization;

  // 1. The group posts the event through its owner page.
  const owner = await openPage({ js: false });
  await withScreenshot(owner.page, 'events-flow-owner', async () => {
    const { page } = owner;
    await page.goto(server.origin + '/owner');
    await page.fill('#token', joined.body.owner_token);
    await page.getByRole('button', { name: 'Open my entry' }).click();
    await page.getByRole('button', { name: 'Post an event' }).click();
    await page.fill('#title', TITLE);
    await page.selectOption('#kind', 'vigil');
    await page.fill('#starts_at', `${day(3)}T18:00`);
    await page.fill('#ends_at', `${day(3)}T20:00`);
    await page.selectOption('#time_zone', 'Europe/Helsinki');
    await page.fill('#city', 'Turku');
    await page.selectOption('#country', 'FI');
    await page.locator('#event-form').getByRole('button', { name: 'Send for review' }).click();
    assert.match(await page.locator('#owner-outcome').innerText(), /Sent for review/);
  });
  await owner.close();
  assert.deepEqual((await api(`/api/v1/events?organization=${organization.slug}`)).body.items, [], 'nothing public before review');

  // 2. A moderator signs in to the dashboard and approves it from the Events page.
  const moderator = await openPage({ js: true });
  await withScreenshot(moderator.page, 'events-flow-moderator', async () => {
    const { page } = moderator;
    await page.goto(server.origin + '/admin');
    await page.fill('#admin-email', MODERATOR.email);
    await page.fill('#admin-password', MODERATOR.password);
    await page.locator('form.entry-form button[type=submit]').click();
    await page.locator('[data-testid=pending-events] a').click();
    await page.waitForURL(/\/admin\/events$/);
    const pending = page.getByRole('article', { name: new RegExp(TITLE) });
    await pending.getByRole('button', { name: ADMIN.approve }).click();
    await page.waitForFunction((text) => document.querySelector('[data-testid=event-outcome]')?.textContent === text,
      ADMIN.eventApprovedTitle.replace('{{title}}', TITLE));
    assert.deepEqual(page.errors, []);
  });
  await moderator.close();
  const [event] = (await api(`/api/v1/events?organization=${organization.slug}`)).body.items;
  assert.equal(event?.title, TITLE, 'public once approved');
  assert.equal(event.time_zone, 'Europe/Helsinki');
  const inHelsinki = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', dateStyle: 'short', timeStyle: 'short' });
  assert.equal(inHelsinki.format(new Date(event.starts_at)), `${day(3)} 18:00`, 'the time as the group gave it, in its zone');

  // 3. A visitor at Turku turns the events layer on and chooses the next ten days.
  const visitor = await openPage({ js: true });
  await withScreenshot(visitor.page, 'events-flow-map', async () => {
    const { page } = visitor;
    await page.goto(`${server.origin}/?at=60.45,22.27,10`);
    await appShown(page);
    await page.locator('button.events-show').click();
    await page.getByLabel(EVENTS.chosenDays).check();
    await page.getByLabel(EVENTS.fromDay).fill(day(0));
    await page.getByLabel(EVENTS.toDay).fill(day(10));
    const listed = page.locator(`.events-upcoming li a[href="/events/${event.slug}"]`);
    await listed.waitFor();
    assert.match(await listed.innerText(), new RegExp(TITLE));
    const flag = page.locator(`.event-marker[title="${TITLE}"]`);
    await flag.waitFor();
    await flag.click();
    const popup = page.locator('.event-popup');
    await popup.waitFor();
    assert.equal(await popup.locator('a').getAttribute('href'), `/events/${event.slug}`);
    assert.ok((await popup.textContent()).includes(EVENTS.organisedBy.replace('{{name}}', organization.name)));
    await page.screenshot({ path: join(artifacts, 'events-flow-map.png') });
    assert.deepEqual(page.errors, []);
  });
  await visitor.close();

  // 4. The calendar feeds: the group's, and the view's around Turku. One VEVENT each, at the
  //    event's instant, linking to its page, with a UID that stays the same on the next fetch.
  const byGroup = await api(`/api/v1/events.ics?organization=${organization.slug}`);
  assert.equal(byGroup.status, 200);
  assert.match(byGroup.type, /^text\/calendar/);
  const byView = await api('/api/v1/events.ics?bbox=21.5,60,23,61');
  for (const feed of [byGroup, byView]) {
    const found = calendarEvents(feed.body).filter((e) => e.summary === TITLE);
    assert.equal(found.length, 1, feed.body);
    const [vevent] = found;
    assert.equal(vevent.startDate.toJSDate().getTime(), Date.parse(event.starts_at));
    assert.equal(vevent.endDate.toJSDate().getTime(), Date.parse(event.ends_at));
    assert.match(vevent.location, /Turku/);
    assert.ok(vevent.component.getFirstPropertyValue('url').endsWith(`/events/${event.slug}`));
    assert.ok(vevent.uid);
  }
  const again = calendarEvents((await api(`/api/v1/events.ics?organization=${organization.slug}`)).body);
  assert.equal(again[0].uid, calendarEvents(byGroup.body)[0].uid, 'the UID is stable, so calendars update the event rather than add it twice');
});
