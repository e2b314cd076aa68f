// The other public pages, in headless Chromium against the real server: writing to a group
// (the message reaches the outbox, the address is never shown), resources, about, and the
// embeddable map framed by a page of another local origin (while the map itself refuses framing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { appShown, artifacts, assertAccessible, recordRequests, startBrowser, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let context;
let requests;

before(async () => {
  server = await startServer({ demoCount: 200, admin: ADMIN, env: { MIN_FILL_SECS: '0', MODERATOR_EMAILS: 'moderators@example.org' } });
  context = await startBrowser();
  requests = await recordRequests(context, server.origin);
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function adminToken() {
  const response = await fetch(server.origin + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  return (await response.json()).access_token;
}

test('a visitor writes to a group from its page; the message goes to the outbox without showing any address', async () => {
  const page = await context.newPage();
  const list = await (await fetch(server.origin + '/api/v1/organizations?category=solidarity_group&limit=1')).json();
  const org = list.items[0];
  await page.goto(`${server.origin}/org/${org.slug}`);
  await appShown(page);
  await page.getByRole('link', { name: 'Write to this group' }).click();
  await page.waitForSelector('#contact-name');
  await page.getByRole('button', { name: 'Send the message' }).click();
  await page.locator('#message-error').waitFor();
  assert.equal(await page.locator('#contact-email').getAttribute('aria-invalid'), 'true');
  await page.fill('#contact-name', 'A Visitor');
  await page.fill('#contact-email', 'visitor@example.net');
  await page.fill('#contact-message', 'We would like to invite you to our film evening.');
  await page.getByRole('button', { name: 'Send the message' }).click();
  await page.waitForFunction(() => document.querySelector('#contact-outcome')?.textContent.includes('on its way'));
  const body = await page.content();
  assert.ok(!/@example\.(org|net)/.test(body.replace('visitor@example.net', '')), 'no address of the group on the page');
  await page.screenshot({ path: join(artifacts, 'contact-sent.png'), fullPage: true });
  const outbox = await (await fetch(server.origin + '/api/v1/admin/outbox', { headers: { authorization: `Bearer ${await adminToken()}` } })).json();
  assert.ok(outbox.some((m) => m.subject.includes(org.name)), 'the message is in the outbox (demo groups have no address: it goes to the moderators)');
  await page.close();
});

test('resources can be filtered by kind, and the filter is kept in the URL', async () => {
  const page = await context.newPage();
  await page.goto(server.origin + '/resources');
  await appShown(page);
  await page.waitForSelector('[data-testid=resource-list] li');
  const all = await page.locator('[data-testid=resource-list] > li').count();
  await page.selectOption('#resource-kind', 'report');
  await page.waitForURL(/kind=report/);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=resource-list] > li').length < n || document.querySelector('[role=status]'), all);
  const metas = await page.locator('[data-testid=resource-list] .meta').allInnerTexts();
  assert.ok(metas.every((m) => m.startsWith('Report')), metas.join('|'));
  await page.goBack();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=resource-list] > li').length === n, all);
  // An organisation's page links to the resources about it.
  const resources = await (await fetch(server.origin + '/api/v1/resources')).json();
  const slug = resources.find((r) => r.organizations.length > 0).organizations[0].slug;
  await page.goto(`${server.origin}/org/${slug}`);
  await appShown(page);
  await page.getByRole('link', { name: 'Resources about this group' }).click();
  await page.waitForURL(new RegExp(`organization=${slug}`));
  await page.waitForSelector('[data-testid=resource-list] li');
  const linked = await page.locator('[data-testid=resource-list] > li').evaluateAll((items, s) => items.every((li) => li.querySelector(`a[href="/org/${s}"]`)), slug);
  assert.ok(linked, 'every resource listed is related to the organisation');
  await page.close();
});

test('the embeddable map renders in an iframe of another origin, and the map itself refuses to be framed', async () => {
  const host = createServer((req, res) => {
    const src = req.url.startsWith('/map') ? `${server.origin}/` : `${server.origin}/embed?category=student_group`;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>Partner</title><iframe id="frame" src="${src}" width="600" height="400" title="map"></iframe>`);
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  const partner = `http://127.0.0.1:${host.address().port}`;
  const framing = await startBrowser();
  try {
    await framing.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith(server.origin) || url.startsWith(partner) ? route.continue() : route.abort();
    });
    const page = await framing.newPage();
    await page.goto(partner + '/embed');
    const frame = page.frameLocator('#frame');
    await frame.locator('.leaflet-container').waitFor({ timeout: 20000 });
    await frame.locator('.cluster-marker, .organization-marker').first().waitFor({ timeout: 20000 });
    assert.equal(await frame.locator('.site-header').count(), 0, 'no site header in the embed');
    assert.ok(await frame.getByRole('link', { name: 'Open the International Solidarity Map' }).isVisible());
    await page.screenshot({ path: join(artifacts, 'embed-in-partner-page.png') });
    await page.goto(partner + '/map');
    await page.waitForTimeout(1500);
    assert.equal(await page.frameLocator('#frame').locator('.leaflet-container').count(), 0, 'the map page must not render in a frame');
  } finally {
    await framing.close();
    host.close();
  }
});

for (const lang of ['en', 'ar']) {
  for (const width of [320, 1280]) {
    test(`contact, resources, about and embed pages: no axe violations (${lang}, ${width}px)`, async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
      const list = await (await fetch(server.origin + '/api/v1/organizations?limit=1')).json();
      for (const path of [`/contact/${list.items[0].slug}`, '/resources', '/about', '/embed?category=media']) {
        await page.goto(server.origin + path);
        await appShown(page);
        await page.waitForSelector(path.startsWith('/embed') ? '.leaflet-container' : 'main h1');
        if (path.startsWith('/resources')) await page.waitForSelector('[data-testid=resource-list] li');
        if (path.startsWith('/embed')) await page.waitForSelector('.cluster-marker, .organization-marker');
        await assertAccessible(page, `${path} (${lang}, ${width}px)`);
      }
      await page.close();
    });
  }
}

test('these pages make no request to another origin', () => {
  const foreign = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('data:'));
  assert.deepEqual(foreign, []);
});
