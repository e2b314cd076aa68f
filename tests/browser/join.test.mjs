// Joining the map and owning an entry, in headless Chromium against the real server: the join
// form end to end (through approval by the admin API), its validation, the owner hiding the entry,
// and axe on both pages in English and Arabic at phone and desktop widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appShown, artifacts, assertAccessible, recordRequests, startBrowser, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };
const NAME = 'Tromsø Friends of Palestine';

let server;
let context;
let requests;
let ownerLink;

before(async () => {
  server = await startServer({ demoCount: 60, admin: ADMIN, env: { MIN_FILL_SECS: '0' } });
  context = await startBrowser();
  requests = await recordRequests(context, server.origin);
});

after(async () => {
  await context?.close();
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

async function waitUntil(check, ms = 1000) {
  const start = Date.now();
  while (!(await check())) {
    assert.ok(Date.now() - start < ms, `not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function adminToken() {
  const { body } = await api('/api/v1/auth/login', { method: 'POST', body: ADMIN });
  return body.access_token;
}

async function openJoin(width = 1280) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(server.origin + '/join');
  await appShown(page);
  await page.waitForSelector('form.entry-form');
  await page.waitForFunction(() => document.querySelectorAll('#category option').length > 1);
  return page;
}

test('every validation error is shown next to its field, announced, and nothing is stored', async () => {
  const page = await openJoin();
  await page.getByRole('button', { name: 'Send for review' }).click();
  const summary = page.locator('#error-summary');
  await summary.waitFor();
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.ok(await summary.evaluate((el) => el === document.activeElement), 'focus moves to the summary');
  for (const field of ['name', 'category', 'city', 'country', 'contact_email']) {
    assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true', field);
    assert.ok(await page.locator(`#${field}-error`).isVisible(), `${field} error shown`);
  }
  assert.match(await page.locator('#consent-error').innerText(), /agree/);
  await page.fill('#contact_email', 'not an address');
  await page.fill('#name', '<b>bold</b>');
  await page.getByRole('button', { name: 'Send for review' }).click();
  await page.waitForFunction(() => document.querySelector('#name-error')?.textContent.includes('<'));
  assert.match(await page.locator('#contact_email-error').innerText(), /e-mail address/);
  await page.screenshot({ path: join(artifacts, 'join-errors.png'), fullPage: true });
  const queue = await api('/api/v1/admin/submissions', { token: await adminToken() });
  assert.deepEqual(queue.body, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/// Runs `steps`; on failure keeps a screenshot of the page as a test artefact.
async function withScreenshot(page, name, steps) {
  try {
    await steps();
  } catch (error) {
    await page.screenshot({ path: join(artifacts, `${name}-failure.png`), fullPage: true }).catch(() => {});
    throw error;
  }
}

test('a group joins, is approved through the admin API, and appears on the map', async () => {
  const page = await openJoin();
  await withScreenshot(page, 'join', async () => {
  await page.fill('#name', NAME);
  await page.selectOption('#category', 'solidarity_group');
  await page.fill('#description', 'Weekly vigils and film evenings.');
  await page.fill('#city-search', 'Tromsø');
  await page.getByRole('button', { name: 'Find a city' }).click();
  await page.locator('.city-suggestions button').first().click();
  assert.match(await page.locator('[data-testid=chosen-point]').innerText(), /69\./);
  assert.equal(await page.inputValue('#city'), 'Tromsø');
  assert.equal(await page.inputValue('#country'), 'NO');
  await page.fill('#contact_email', 'tromso@example.org');
  await page.check('#consent');
  await page.getByRole('button', { name: 'Send for review' }).click();
  await page.locator('[data-testid=owner-link]').waitFor();
  ownerLink = await page.inputValue('[data-testid=owner-link]');
  assert.match(ownerLink, /\/owner#[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: join(artifacts, 'join-done.png'), fullPage: true });

  const token = await adminToken();
  const queue = await api('/api/v1/admin/submissions', { token });
  assert.equal(queue.body.length, 1);
  assert.equal(queue.body[0].draft.name, NAME);
  assert.notEqual(queue.body[0].draft.latitude, 69.6496, 'approximate by default: the exact point is not kept');
  assert.equal((await api(`/api/v1/admin/submissions/${queue.body[0].submission_id}/approve`, { method: 'POST', token })).status, 204);

  // Public within a second (the server's index refreshes every 100 ms); then the map shows it.
  await waitUntil(async () => (await api(`/api/v1/organizations?q=${encodeURIComponent(NAME)}`)).body.items.length === 1);
  await page.goto(server.origin + '/?at=69.65,18.96,11');
  await appShown(page);
  await page.waitForFunction((name) => [...document.querySelectorAll('.organization-items li a')].some((a) => a.textContent === name), NAME);
  });
  await page.close();
});

test('the owner hides the entry with the private link and it leaves the map', async () => {
  assert.ok(ownerLink, 'needs the entry from the join test');
  const page = await context.newPage();
  await page.goto(ownerLink.replace('http://127.0.0.1:8080', server.origin));
  await appShown(page);
  await page.locator('[data-testid=owner-status]').waitFor();
  assert.equal(await page.locator('[data-testid=owner-status]').innerText(), 'On the map');
  await page.getByRole('button', { name: 'Hide from the map' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=owner-status]')?.textContent === 'Hidden');
  // The outcome is said where focus goes.
  await page.waitForFunction(() => document.activeElement?.id === 'owner-message');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Done.');
  await page.screenshot({ path: join(artifacts, 'owner-hidden.png'), fullPage: true });
  await waitUntil(async () => (await api(`/api/v1/organizations?q=${encodeURIComponent(NAME)}`)).body.items.length === 0);
  await page.goto(server.origin + '/?at=69.65,18.96,11');
  await appShown(page);
  await page.waitForSelector('[data-testid=list-status]');
  await page.waitForTimeout(500);
  const names = await page.locator('.organization-items li a').allInnerTexts();
  assert.ok(!names.includes(NAME), 'hidden entries are not on the map');
  await page.close();
});

for (const lang of ['en', 'ar']) {
  for (const width of [320, 1280]) {
    test(`join and owner pages: no axe violations (${lang}, ${width}px)`, async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
      for (const path of ['/join', '/owner']) {
        await page.goto(server.origin + path);
        await appShown(page);
        await page.waitForSelector('main h1');
        if (path === '/join') {
          await page.waitForFunction(() => document.querySelectorAll('#category option').length > 1);
          await page.locator('button.primary').click();
          await page.locator('#error-summary').waitFor();
        }
        assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
        await assertAccessible(page, `${path} (${lang}, ${width}px)`);
      }
      await page.close();
    });
  }
}

test('the join and owner pages make no request to another origin', () => {
  const foreign = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('data:'));
  assert.deepEqual(foreign, []);
});
