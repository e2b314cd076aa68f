// Issue #15: the public pages work as plain HTML, as visitors with Tor Browser's "Safest" level
// (JavaScript off) or Safari's Lockdown Mode (WebAssembly off) see them. In each mode and in
// English and Arabic, a visitor filters the map to Jerusalem, opens a grassroots organisation,
// writes to it, joins the map (the submission reaches the review queue; the owner link is shown
// once) and, once approved, hides the entry by pasting the owner link. axe finds nothing on any
// no-script page in either language at 320 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { artifacts, assertAccessible, root, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };
const words = (lang, namespace) => JSON.parse(readFileSync(join(root, `locales/${lang}/${namespace}.json`), 'utf8'));

const MODES = {
  'JavaScript off': { context: { javaScriptEnabled: false } },
  'WebAssembly off': { context: {}, init: () => { delete globalThis.WebAssembly; } },
};

let server;
let browser;

before(async () => {
  server = await startServer({ demoCount: 120, admin: ADMIN, env: { MIN_FILL_SECS: '0', WRITE_BURST: '1000' } });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
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

/// A page in `mode`, reading `lang`; the app must never have taken it over.
async function openPage(mode, lang, width = 1280) {
  const context = await browser.newContext({
    ...MODES[mode].context,
    viewport: { width, height: 900 },
    extraHTTPHeaders: { 'Accept-Language': lang },
  });
  if (MODES[mode].init) await context.addInitScript(MODES[mode].init);
  const page = await context.newPage();
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  return { page, requested, close: () => context.close() };
}

async function stillServerRendered(page) {
  assert.equal(await page.locator('#server-page').count(), 1, `${page.url()}: the server's page is shown`);
}

for (const mode of Object.keys(MODES)) {
  for (const lang of ['en', 'ar']) {
    test(`${mode}, ${lang}: filter to Jerusalem, read an organisation, write to it, join, and hide the entry as its owner`, async () => {
      const map = words(lang, 'map');
      const pages = words(lang, 'pages');
      const { page, requested, close } = await openPage(mode, lang);
      try {
        await page.goto(server.origin + '/');
        await stillServerRendered(page);
        if (mode === 'JavaScript off') {
          // Nothing is downloaded that cannot run (a preload of the wasm would be).
          await page.waitForLoadState('networkidle');
          const scripts = requested.filter((path) => /\.(wasm|js)$/.test(path));
          assert.deepEqual(scripts, [], 'with JavaScript off no script or wasm is downloaded');
        }
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        assert.ok(await page.locator('svg .cluster, svg .marker').count() > 0, 'the map shows clusters');

        // The filters are a GET form: Palestine, grassroots organisations.
        await page.selectOption('#country', 'PS');
        await page.check('#category-jerusalem_grassroots');
        await page.locator('.filter-bar button[type=submit]').click();
        await page.waitForURL(/country=PS/);
        const places = await page.locator('.organization-items .place').allInnerTexts();
        assert.ok(places.length > 0, 'organisations listed');
        for (const place of places) assert.ok(place.includes(map.jerusalem), place);
        // The spotlight zooms the map to the city.
        await page.locator('.spotlight a').click();
        await page.waitForURL(/at=31\.7767,35\.2345,13/);
        assert.ok(await page.locator('.organization-items a').count() > 0);

        await page.locator('.organization-items a').first().click();
        await page.waitForURL(/\/org\//);
        await stillServerRendered(page);
        const orgName = await page.locator('h1').innerText();
        assert.ok(orgName.length > 0);
        assert.equal(await page.locator('script[type="application/ld+json"]').count(), 1);

        await page.locator('a[href*="/contact/"]').first().click();
        await page.fill('#name', 'A visitor');
        await page.fill('#email', 'visitor@example.net');
        await page.fill('#message', 'We would like to twin with your organisation.');
        await page.locator('form.entry-form button[type=submit]').click();
        await page.locator('#contact-outcome').waitFor();
        assert.equal(await page.locator('#contact-outcome').innerText(), pages.messageSent);

        // Joining: a plain form, the place found by the city's name.
        const groupName = `No-script ${lang} group, ${mode}`;
        await page.locator('.site-nav a[href^="/join"]').click();
        await page.fill('#name', groupName);
        await page.selectOption('#category', 'solidarity_group');
        await page.fill('#city', 'Lisbon');
        await page.selectOption('#country', 'PT');
        await page.fill('#contact_email', `${lang}-${mode.split(' ')[0].toLowerCase()}@example.org`);
        await page.check('#consent');
        await page.locator('form.entry-form button[type=submit]').click();
        const ownerLink = await page.locator('[data-testid=owner-link]').inputValue();
        assert.match(ownerLink, /\/owner#/);
        await page.screenshot({ path: join(artifacts, `no-script-join-${lang}-${mode.split(' ')[0]}.png`), fullPage: true });
        // Shown once: the page is not kept, and reloading does not show the link again.
        const token = await adminToken();
        const queue = await api('/api/v1/admin/submissions', { token });
        const submission = queue.body.find((s) => s.draft.name === groupName);
        assert.ok(submission, 'the submission reached the review queue');
        assert.equal(submission.draft.city, 'Lisbon');
        assert.ok(Math.abs(submission.draft.latitude - 38.72) < 0.05, 'placed at Lisbon');
        assert.equal((await api(`/api/v1/admin/submissions/${submission.submission_id}/approve`, { method: 'POST', token })).status, 204);

        // The owner pastes the link (posted in the form, never in a URL) and hides the entry.
        await page.goto(server.origin + '/owner');
        await page.fill('#token', ownerLink);
        await page.locator('form.entry-form button[type=submit]').first().click();
        assert.equal(await page.locator('[data-testid=owner-status]').innerText(), pages.statusPublished);
        assert.ok(!page.url().includes('#') && !page.url().includes(ownerLink.split('#')[1]), 'the token is not in the URL');
        await page.locator('form.owner-action:has(input[name=action][value=hide]) button').click();
        assert.equal(await page.locator('[data-testid=owner-status]').innerText(), pages.statusHidden);
        // The public index catches up within its refresh interval (100 ms).
        let listed;
        for (let tries = 0; tries < 40; tries += 1) {
          listed = await api(`/api/v1/organizations?q=${encodeURIComponent('No-script')}`);
          if (!listed.body.items.some((o) => o.name === groupName)) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.ok(!listed.body.items.some((o) => o.name === groupName), 'hidden from the map');
        await stillServerRendered(page);
      } finally {
        await close();
      }
    });
  }
}

// axe runs on timers, which a page with JavaScript disabled never fires: it checks the pages with
// WebAssembly off instead, where the same server HTML stays on screen (checked on each page).
test('every no-script page: no axe violations (en and ar, 320 and 1280 px)', { timeout: 600000 }, async () => {
  const grassroots = (await api('/api/v1/organizations?category=jerusalem_grassroots&limit=1')).body.items[0];
  const paths = ['/', '/?at=31.7767,35.2345,13', `/org/${grassroots.slug}`, '/join', `/contact/${grassroots.slug}`,
    '/owner', '/resources', '/about', '/embed?country=GB', '/admin'];
  for (const lang of ['en', 'ar']) {
    for (const width of [320, 1280]) {
      const { page, close } = await openPage('WebAssembly off', lang, width);
      try {
        for (const path of paths) {
          await page.goto(server.origin + path);
          await stillServerRendered(page);
          await assertAccessible(page, `${path} (${lang}, ${width}px)`);
        }
        // A refused form: the error summary and the errors by field.
        await page.goto(server.origin + '/join');
        await page.locator('form.entry-form button[type=submit]').click();
        await page.locator('.error-summary').waitFor();
        await assertAccessible(page, `/join with errors (${lang}, ${width}px)`);
      } finally {
        await close();
      }
    }
  }
});
