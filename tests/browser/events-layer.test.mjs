// Issue #19, "On the map": the events layer a visitor turns on beside the filters. Its bundle is
// fetched only then (the first visit stays within its budget); it draws the events of the view
// between the chosen dates (this week, this month, days) as focusable markers whose popup links
// to the event's page, lists the next ones, and says how many are on the map, in the reader's
// language (Arabic right to left too); the organisations' markers step aside meanwhile. Without
// scripts the panel links to the events of the view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { appShown, assertAccessible, root, startServer } from './support.mjs';

const words = (lang, namespace) => JSON.parse(readFileSync(join(root, `locales/${lang}/${namespace}.json`), 'utf8'));
const MAP = { en: words('en', 'map'), ar: words('ar', 'map') };
const EVENTS = { en: words('en', 'events'), ar: words('ar', 'events') };

let server;
let browser;

before(async () => {
  // 400 demo entries come with 20 demo events over the next 60 days.
  server = await startServer({ demoCount: 400 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function open(lang, { javaScript = true } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { 'Accept-Language': lang },
  });
  const requests = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith(server.origin) ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, requests, errors, close: () => context.close() };
}

/// The events API's answer to the last request the layer made, as the test reads it itself.
async function lastAnswer(requests) {
  const asked = requests.filter((url) => url.includes('/api/v1/events?')).at(-1);
  assert.ok(asked, 'the layer asked the events API');
  const answer = await (await fetch(asked)).json();
  return { asked: new URL(asked), placed: answer.items.filter((e) => e.place) };
}

/// How many events the flags on the map hold (a flag for several says how many).
const onTheMap = (page) =>
  page.locator('.event-marker').evaluateAll((flags) => flags.reduce((sum, f) => sum + Number(f.querySelector('b')?.textContent ?? 1), 0));

/// Waits until the layer asked for `to=day`.
async function askedUntil(requests, day) {
  for (let i = 0; i < 150 && !requests.some((url) => url.includes('/api/v1/events?') && url.includes(`to=${day}`)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/// Past the ten listed, a link to the rest on the `/events` page, for the same view and days;
/// none when the list shows them all. Returns how many events the layer was given.
async function checkMoreLink(page, asked) {
  const answered = (await (await fetch(asked)).json()).items;
  const more = page.locator('a.events-more');
  if (answered.length > 10) {
    await more.waitFor();
    assert.equal((await more.textContent()).trim(), EVENTS.en.moreInView);
    const href = new URL(await more.getAttribute('href'), server.origin);
    assert.equal(href.pathname, '/events');
    for (const name of ['bbox', 'from', 'to']) assert.equal(href.searchParams.get(name), asked.searchParams.get(name), name);
    const rest = await fetch(href);
    assert.equal(rest.status, 200);
    assert.ok((await rest.text()).includes(`/events/${answered[10].slug}`), 'the eleventh is on the page');
  } else {
    assert.equal(await more.count(), 0, 'no link when the list shows them all');
  }
  return answered.length;
}

async function turnOn(page) {
  await page.locator('button.events-show').click();
  await page.locator('.events-on input[type=checkbox]').waitFor();
}

test('the events bundle loads only when the layer is turned on, then draws what the API gives for the view and this month', async () => {
  const { page, requests, errors, close } = await open('en');
  await page.goto(`${server.origin}/`);
  await appShown(page);
  assert.equal(requests.filter((url) => url.includes('/pkg/events')).length, 0, 'nothing of the layer on the first visit');
  assert.equal(requests.filter((url) => url.includes('/api/v1/events')).length, 0);

  await turnOn(page);
  await page.waitForFunction(() => document.querySelector('.events-count')?.textContent.trim());
  const { asked, placed } = await lastAnswer(requests);
  assert.ok(placed.length > 0, 'some demo events are this month and in the world view');
  assert.equal(asked.searchParams.get('from'), new Date().toISOString().slice(0, 10));
  const monthEnd = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  assert.equal(asked.searchParams.get('to'), monthEnd, 'this month ends on its last day');
  assert.equal(await onTheMap(page), placed.length, 'every event of the answer is on the map');
  assert.ok((await page.locator('.event-marker').count()) > 1);
  assert.equal(await page.locator('.leaflet-marker-icon[data-key]:visible').count(), 0, 'the organisations step aside');
  assert.equal(
    (await page.locator('.events-count').textContent()).trim(),
    (placed.length === 1 ? EVENTS.en.shownCount_one : EVENTS.en.shownCount_other).replace('{{n}}', placed.length),
  );
  const listed = await page.locator('.events-upcoming li a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.deepEqual(listed, placed.slice(0, 10).map((e) => `/events/${e.slug}`), 'the next events, in start order');
  await checkMoreLink(page, asked);
  await assertAccessible(page, 'the map with its events layer');
  assert.deepEqual(errors, []);
  await close();
});

test('this week and chosen days ask for those days, and turning the layer off removes its markers', async () => {
  const { page, requests, close } = await open('en');
  await page.goto(`${server.origin}/`);
  await appShown(page);
  await turnOn(page);
  await page.locator('.event-marker').first().waitFor();

  const sunday = (() => {
    const today = new Date();
    const left = (7 - today.getDay()) % 7;
    return new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate() + left)).toISOString().slice(0, 10);
  })();
  await page.getByLabel(EVENTS.en.thisWeek).check();
  await askedUntil(requests, sunday);
  const week = await lastAnswer(requests);
  assert.equal(week.asked.searchParams.get('to'), sunday, 'this week ends on Sunday');
  await page.waitForFunction(() => true);
  for (let i = 0; i < 50 && (await onTheMap(page)) !== week.placed.length; i++) await page.waitForTimeout(100);
  assert.equal(await onTheMap(page), week.placed.length);

  await page.getByLabel(EVENTS.en.chosenDays).check();
  const from = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 50 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel(EVENTS.en.fromDay).fill(from);
  await page.getByLabel(EVENTS.en.toDay).fill(to);
  await askedUntil(requests, to);
  const days = await lastAnswer(requests);
  assert.equal(days.asked.searchParams.get('from'), from);
  assert.equal(days.asked.searchParams.get('to'), to);
  assert.ok(days.placed.length > 0 && days.placed.every((e) => e.ends_at.slice(0, 10) >= from && e.starts_at.slice(0, 10) <= to));
  for (let i = 0; i < 50 && (await onTheMap(page)) !== days.placed.length; i++) await page.waitForTimeout(100);
  assert.equal(await onTheMap(page), days.placed.length);

  // Two months: all the demo events, more than the list shows.
  const far = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel(EVENTS.en.fromDay).fill(new Date().toISOString().slice(0, 10));
  await page.getByLabel(EVENTS.en.toDay).fill(far);
  await askedUntil(requests, far);
  const twoMonths = await lastAnswer(requests);
  await page.waitForFunction((n) => document.querySelectorAll('.events-upcoming li').length === n, Math.min(10, twoMonths.placed.length));
  assert.ok(await checkMoreLink(page, twoMonths.asked) > 10, 'the demo has more than ten events in two months');

  await page.locator('.events-on input[type=checkbox]').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('.event-marker').length === 0);
  assert.equal(await page.locator('.events-when').count(), 0, 'the filter goes with the layer');
  await page.locator('.leaflet-marker-icon[data-key]').first().waitFor({ state: 'visible' });
  await close();
});

test('a marker is reached with the keyboard and its popup links to the event, in Arabic right to left', async () => {
  const { page, requests, close } = await open('ar');
  await page.goto(`${server.origin}/`);
  await appShown(page);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal((await page.locator('#events-layer-title').textContent()).trim(), MAP.ar.events);
  await page.getByRole('button', { name: MAP.ar.showEvents }).click();
  await page.locator('.event-marker').first().waitFor();
  assert.equal((await page.locator('.events-when legend').textContent()).trim(), EVENTS.ar.when);
  const { placed } = await lastAnswer(requests);
  const first = page.locator('.event-marker:not(.event-group)').first();
  const title = await first.getAttribute('title');
  const event = placed.find((e) => e.title === title);
  assert.ok(event, 'the marker is named by its event');
  await first.focus();
  await page.keyboard.press('Enter');
  const popup = page.locator('.event-popup');
  await popup.waitFor();
  assert.equal(await popup.locator('a').getAttribute('href'), `/events/${event.slug}`);
  const organiser = EVENTS.ar.organisedBy.replace('{{name}}', event.organizer.name);
  assert.ok((await popup.textContent()).includes(organiser), 'who organises it, in Arabic');
  await close();
});

test('without scripts the panel links to the events of the view', async () => {
  const { page, close } = await open('en', { javaScript: false });
  await page.goto(`${server.origin}/?at=51.5,-0.1,9`);
  const link = page.locator('a.events-in-view');
  assert.equal((await link.textContent()).trim(), MAP.en.eventsInView);
  const href = new URL(await link.getAttribute('href'), server.origin);
  assert.equal(href.pathname, '/events');
  const [w, s, e, n] = href.searchParams.get('bbox').split(',').map(Number);
  assert.ok(w < -0.1 && e > -0.1 && s < 51.5 && n > 51.5, `the view around London: ${href}`);
  assert.equal(await page.locator('button.events-show').count(), 0, 'the button comes with the app');
  await close();
});
