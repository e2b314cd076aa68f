// Issue #18, "Freshness anyone can see": every entry says how long ago a person confirmed it, in
// the reader's language, on its page and in the list; one not confirmed for more than a year is
// faded on the map (the server's SVG and the app's Leaflet markers) and marked in words in the
// list; "confirmed in the last 6 / 12 months" narrows the list, with JavaScript (the app) and
// without (the server's form), through the same URL parameter. axe finds nothing on these views.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { appShown, assertAccessible, root, startServer } from './support.mjs';

const words = (lang) => JSON.parse(readFileSync(join(root, `locales/${lang}/map.json`), 'utf8'));
const EN = words('en');
const AR = words('ar');

const DEMO = 120;
let server;
let browser;
let stale; // confirmed 400 days ago
let halfYear; // confirmed 200 days ago

before(async () => {
  server = await startServer({
    demoCount: DEMO,
    // Time passes: two entries outside Jerusalem were last confirmed long ago.
    prepare: (database) => {
      const sql = `
        UPDATE organizations SET last_confirmed_at = datetime('now', '-400 days')
          WHERE slug = (SELECT slug FROM organizations WHERE category_key <> 'jerusalem_grassroots' ORDER BY slug LIMIT 1);
        UPDATE organizations SET last_confirmed_at = datetime('now', '-200 days')
          WHERE slug = (SELECT slug FROM organizations WHERE category_key <> 'jerusalem_grassroots' ORDER BY slug LIMIT 1 OFFSET 1);`;
      execFileSync('sqlite3', [database, sql]);
    },
  });
  const all = await (await fetch(`${server.origin}/api/v1/organizations?limit=500`)).json();
  const age = (org) => (Date.now() - Date.parse(org.last_confirmed_at)) / 86_400_000;
  stale = all.items.find((org) => age(org) > 365);
  halfYear = all.items.find((org) => age(org) > 150 && age(org) < 365);
  assert.ok(stale && halfYear, 'the prepared ages are in the API');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function open(javaScript, lang) {
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { 'Accept-Language': lang },
  });
  await context.route('**/*', (route) => (route.request().url().startsWith(server.origin) ? route.continue() : route.abort()));
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

async function visit(page, javaScript, path) {
  await page.goto(server.origin + path);
  if (javaScript) await appShown(page);
}

/// axe on what the visitor sees. axe runs on timers, which a page with JavaScript off never
/// fires: the server's page is checked with WebAssembly off instead (as no-script.test.mjs does),
/// where the same HTML stays on screen.
async function accessible(page, javaScript, lang, what) {
  if (javaScript) return assertAccessible(page, what);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': lang } });
  await context.addInitScript(() => { delete globalThis.WebAssembly; });
  try {
    const serverPage = await context.newPage();
    await serverPage.goto(page.url());
    assert.equal(await serverPage.locator('#server-page').count(), 1, 'the server page stays');
    await assertAccessible(serverPage, what);
  } finally {
    await context.close();
  }
}

const listCount = async (page) => Number((await page.getByTestId('list-status').innerText()).match(/\d+/)?.[0] ?? NaN);

/// The view around one entry, close enough that it is drawn as its own marker.
const around = (org) => `at=${org.location.latitude.toFixed(4)},${org.location.longitude.toFixed(4)},18`;

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'with the app' : 'without JavaScript';

  for (const [lang, t] of [['en', EN], ['ar', AR]]) {
    test(`${mode}, ${lang}: the entry's page says how long ago it was confirmed, and that it is over a year`, { timeout: 120_000 }, async () => {
      const { page, close } = await open(javaScript, lang);
      try {
        await visit(page, javaScript, `/org/${stale.slug}?lang=${lang}`);
        const confirmed = page.locator('.confirmed').first();
        await confirmed.waitFor();
        const expected = lang === 'en' ? 'Confirmed 1 year ago' : 'أُكِّد قبل سنة واحدة';
        assert.equal(await confirmed.locator('time').innerText(), expected);
        const time = confirmed.locator('time');
        assert.equal(await time.getAttribute('title'), stale.last_confirmed_at.slice(0, 10), 'the day, in full');
        assert.equal(Date.parse(await time.getAttribute('datetime')), Date.parse(stale.last_confirmed_at));
        assert.ok((await confirmed.innerText()).includes(stale.last_confirmed_at.slice(0, 10)), 'the day is printed too');
        assert.equal(await confirmed.locator('.stale-mark').innerText(), t.notConfirmedForAYear);
        await accessible(page, javaScript, lang, `${mode} ${lang} organisation page`);

        await visit(page, javaScript, `/org/${halfYear.slug}?lang=${lang}`);
        const half = page.locator('.confirmed').first();
        await half.waitFor();
        assert.match(await half.locator('time').innerText(), lang === 'en' ? /^Confirmed [67] months ago$/ : /^أُكِّد قبل [67] أشهر$/);
        assert.equal(await half.locator('.stale-mark').count(), 0, 'within the year: no mark');
      } finally {
        await close();
      }
    });

    test(`${mode}, ${lang}: the map fades the entry not confirmed for a year and the list marks it in words`, { timeout: 120_000 }, async () => {
      const { page, close } = await open(javaScript, lang);
      try {
        await visit(page, javaScript, `/?lang=${lang}&${around(stale)}`);
        const item = page.locator('.organization-items li', { has: page.locator(`a[href*="/org/${stale.slug}"]`) });
        await item.waitFor();
        assert.equal(await item.getAttribute('class'), 'stale');
        assert.equal(await item.locator('.stale-mark').innerText(), t.notConfirmedForAYear);
        if (javaScript) {
          const marker = page.locator('.leaflet-marker-icon.organization-marker.stale');
          await marker.first().waitFor();
          const title = await marker.first().getAttribute('title');
          assert.ok(title.endsWith(t.notConfirmedForAYear), title);
          assert.equal(await marker.first().evaluate((m) => getComputedStyle(m).opacity), '0.45');
        } else {
          const marker = page.locator('svg a.marker.stale');
          assert.equal(await marker.count(), 1);
          assert.ok((await marker.getAttribute('aria-label')).endsWith(t.notConfirmedForAYear));
          assert.equal(await marker.locator('image').getAttribute('opacity'), '0.45');
        }
        // Entries confirmed within the year are neither faded nor marked.
        const fresh = javaScript ? '.leaflet-marker-icon.organization-marker:not(.stale)' : 'svg a.marker:not(.stale)';
        await visit(page, javaScript, `/?lang=${lang}&${around(halfYear)}`);
        await page.locator(fresh).first().waitFor();
        assert.equal(await page.locator('.stale-mark').count(), 0);
        await accessible(page, javaScript, lang, `${mode} ${lang} map and list`);
      } finally {
        await close();
      }
    });

    test(`${mode}, ${lang}: "confirmed in the last 6 / 12 months" narrows the list`, { timeout: 120_000 }, async () => {
      const { page, close } = await open(javaScript, lang);
      try {
        await visit(page, javaScript, `/?lang=${lang}`);
        await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=list-status]')?.textContent ?? ''));
        assert.equal(await listCount(page), DEMO);
        const select = page.locator('#confirmed_within');
        assert.equal(await page.locator('label[for=confirmed_within]').innerText(), t.lastConfirmed);
        for (const [value, expected] of [['12', DEMO - 1], ['6', DEMO - 2]]) {
          await select.selectOption(value);
          if (!javaScript) {
            // Without scripts the form is sent as a GET, as the other filters are.
            await Promise.all([page.waitForURL(/confirmed_within=/), page.locator('.legend button[type=submit]').click()]);
          }
          await page.waitForURL(new RegExp(`confirmed_within=${value}`));
          await page.waitForFunction((n) => document.querySelector('[data-testid=list-status]')?.textContent.includes(String(n)), expected);
          assert.equal(await listCount(page), expected, `confirmed_within=${value}`);
          assert.equal(await page.locator('#confirmed_within option:checked').innerText(), value === '6' ? t.confirmedWithinSix : t.confirmedWithinTwelve);
        }
        await accessible(page, javaScript, lang, `${mode} ${lang} filtered map`);
        // The same URL opens the same filter in the other mode.
        await visit(page, javaScript, `/?lang=${lang}&confirmed_within=12&${around(stale)}`);
        await page.locator('[data-testid=list-status]').waitFor();
        assert.equal(await page.locator(`.organization-items a[href*="/org/${stale.slug}"]`).count(), 0);
      } finally {
        await close();
      }
    });
  }
}
