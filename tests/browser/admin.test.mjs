// The dashboard's first screens (issue #7, in progress), in headless Chromium against the real
// server: signing in (wrong credentials, then right), staying signed in across a reload through
// the silent refresh, approving and rejecting from the review queue, signing out; axe in English
// and Arabic at 320 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, assertAccessible, recordRequests, startBrowser, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let context;
let requests;

before(async () => {
  server = await startServer({ demoCount: 30, admin: ADMIN, env: { MIN_FILL_SECS: '0' } });
  context = await startBrowser();
  requests = await recordRequests(context, server.origin);
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function submitJoin(name, lat, lon, email) {
  const token = (await (await fetch(server.origin + '/api/v1/form-token')).json()).token;
  const body = { name, category: 'media', city: 'Turku', country: 'FI', latitude: lat, longitude: lon, contact_email: email, consent: true, form_token: token };
  const response = await fetch(server.origin + '/api/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 201);
}

async function signIn(page, password = ADMIN.password) {
  await page.fill('#admin-email', ADMIN.email);
  await page.fill('#admin-password', password);
  await page.locator('form.entry-form button[type=submit]').click();
}

test('sign in, review, approve and reject with a reason, stay signed in, sign out', async () => {
  await submitJoin('Example Review Media, Turku', 60.45, 22.27, 'review-one@example.org');
  await submitJoin('Example Other Media, Turku', 60.46, 22.28, 'review-two@example.org');
  const page = await context.newPage();
  await page.goto(server.origin + '/admin');
  await page.locator('#admin-email').waitFor();
  await signIn(page, 'not the password at all');
  await page.waitForFunction(() => document.querySelector('[data-testid=sign-in-message]')?.textContent.includes('wrong'));
  await signIn(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=pending-count]')?.textContent.startsWith('2 '));
  await page.screenshot({ path: join(artifacts, 'admin-queue.png'), fullPage: true });
  // Still signed in after a reload: the refresh token in sessionStorage gets a new access token.
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid=pending-count]')?.textContent.startsWith('2 '));

  await page.locator('.review-item', { hasText: 'Example Review Media' }).getByRole('button', { name: 'Approve' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=pending-count]')?.textContent.startsWith('1 '));
  const other = page.locator('.review-item', { hasText: 'Example Other Media' });
  await other.getByLabel('Reason (sent to the group)').fill('We could not confirm this group.');
  await other.getByRole('button', { name: 'Reject with this reason' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=pending-count]')?.textContent === 'Nothing to review.');

  const publicList = await (await fetch(server.origin + '/api/v1/organizations?q=turku')).json();
  assert.deepEqual(publicList.items.map((o) => o.name), ['Example Review Media, Turku']);
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.locator('#admin-email').waitFor();
  await page.reload();
  await page.locator('#admin-email').waitFor();
  await page.close();
});

test('the relay inbox and the outbox: a message for a Jerusalem organisation is passed on', async () => {
  const list = await (await fetch(server.origin + '/api/v1/organizations?category=jerusalem_grassroots&limit=1')).json();
  const org = list.items[0];
  const token = (await (await fetch(server.origin + '/api/v1/form-token')).json()).token;
  const sent = await fetch(`${server.origin}/api/v1/organizations/${org.slug}/contact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'A Visitor', email: 'visitor@example.net', message: 'We would like to meet your youth group.', form_token: token }) });
  assert.equal(sent.status, 202);
  const page = await context.newPage();
  await page.goto(server.origin + '/admin');
  await page.locator('#admin-email').waitFor();
  await signIn(page);
  await page.locator('[data-testid=nav-pending]').waitFor();
  await page.getByRole('link', { name: 'Messages for Jerusalem organisations' }).click();
  await page.waitForURL(/\/admin\/inbox$/);
  const item = page.locator('.review-item', { hasText: org.name });
  await item.waitFor();
  await item.getByRole('button', { name: 'Introduced' }).click();
  await page.waitForFunction((name) => [...document.querySelectorAll('.review-item')].some((li) => li.textContent.includes(name) && li.querySelector('[data-testid=message-status]').textContent === 'introduced'), org.name);
  await page.getByRole('link', { name: 'Outbox' }).click();
  await page.locator('[data-testid=outbox] li').first().waitFor();
  const lines = await page.locator('[data-testid=outbox] li').allInnerTexts();
  assert.ok(lines.some((l) => l.includes('We received')), 'the join receipts are listed');
  assert.ok(lines.every((l) => !l.includes('youth group')), 'bodies are never shown');
  await page.close();
});

// One sign-in per language: the server's real throttle allows five attempts per address at once.
for (const lang of ['en', 'ar']) {
  test(`dashboard sign-in, queue, inbox and outbox: no axe violations (${lang}, 320 and 1280 px)`, async () => {
    await submitJoin(`Example Axe Media ${lang}, Turku`, 60.44, 22.26, `axe-${lang}@example.org`);
    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
    await page.goto(server.origin + '/admin');
    await page.locator('#admin-email').waitFor();
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await assertAccessible(page, `sign-in (${lang}, ${width}px)`);
    }
    await signIn(page);
    await page.locator('.review-item').first().waitFor();
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await assertAccessible(page, `queue (${lang}, ${width}px)`);
    }
    for (const [path, ready] of [['/admin/inbox', '[data-testid=inbox], main p'], ['/admin/outbox', '[data-testid=outbox]']]) {
      await page.locator(`a[href="${path}"]`).click();
      await page.waitForURL(new RegExp(`${path}$`));
      await page.locator(ready).first().waitFor();
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await assertAccessible(page, `${path} (${lang}, ${width}px)`);
      }
    }
    await page.close();
  });
}

test('the dashboard makes no request to another origin', () => {
  const foreign = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('data:'));
  assert.deepEqual(foreign, []);
});
