// Issue #19, calls to action from Jerusalem: a Jerusalem grassroots organisation publishes an ask
// with its owner token; the group twinned with it, which reads French, finds it in its inbox (the
// server's digest through SMTP, with the one-click unsubscribe headers), and the map's spotlight
// names it, in the app and in the server's page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appShown, messageBody, startBrowser, startServer, startSmtpSink } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };
let server;
let smtp;
let browser;

async function call(method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${server.origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/// Joins the map through the API and is approved by the admin: (owner token, organisation id).
async function joined(admin, fields) {
  const form = await call('GET', '/api/v1/form-token');
  const receipt = await call('POST', '/api/v1/submissions', {
    precision: 'approximate', languages: ['en'], description: `Test entry ${fields.name}`,
    consent: true, homepage: '', form_token: form.body.token, ...fields,
  });
  assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
  const approved = await call('POST', `/api/v1/admin/submissions/${receipt.body.submission_id}/approve`, {}, admin);
  assert.ok(approved.status < 300, JSON.stringify(approved.body));
  const entry = await call('GET', '/api/v1/owner/entry', undefined, receipt.body.owner_token);
  return { token: receipt.body.owner_token, id: entry.body.organization.id };
}

before(async () => {
  smtp = await startSmtpSink();
  server = await startServer({
    demoCount: 20,
    admin: ADMIN,
    env: { SMTP_URL: smtp.url, DIGEST_INTERVAL_SECS: '1', MIN_FILL_SECS: '0', WRITE_BURST: '1000' },
  });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  smtp?.stop();
});

test("a Jerusalem organisation's ask reaches the twinned group's inbox in French and shows in the spotlight", async () => {
  const login = await call('POST', '/api/v1/auth/login', ADMIN);
  assert.equal(login.status, 200);
  const admin = login.body.access_token;
  const jerusalem = await joined(admin, {
    name: 'Example Youth Centre, Silwan', category: 'jerusalem_grassroots', city: 'Jerusalem', country: 'PS',
    latitude: 31.771, longitude: 35.235, contact_email: 'silwan@example.org',
  });
  const group = await joined(admin, {
    name: 'Exemple Collectif Palestine, Lyon', category: 'solidarity_group', city: 'Lyon', country: 'FR',
    latitude: 45.764, longitude: 4.8357, contact_email: 'lyon@example.org',
  });
  const french = await call('POST', '/api/v1/owner/entry/language', { language: 'fr' }, group.token);
  assert.equal(french.status, 200);
  const twinning = await call('POST', '/api/v1/admin/partnerships',
    { global_organization_id: group.id, jerusalem_organization_id: jerusalem.id }, admin);
  assert.equal(twinning.status, 201, JSON.stringify(twinning.body));

  const day = new Date(Date.now() + 9 * 86400_000).toISOString().slice(0, 10);
  const ask = await call('POST', '/api/v1/owner/calls-to-action', {
    title: 'Write to the municipality about Silwan',
    text: 'Twelve homes have demolition orders.',
    by_when: day,
    how_to_help: 'Send the letter we drafted.',
    link: 'https://example.org/letter',
  }, jerusalem.token);
  assert.equal(ask.status, 201, JSON.stringify(ask.body));

  // The digest runs every second here; the outbox sender passes every two.
  let digest;
  for (let i = 0; i < 100 && !digest; i += 1) {
    digest = smtp.messages.find((raw) => raw.includes('To: lyon@example.org') && raw.includes('List-Unsubscribe'));
    if (!digest) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(digest, `no digest arrived: ${smtp.messages.length} other messages`);
  const unfolded = digest.replace(/\n[ \t]+/g, ' ');
  assert.match(unfolded, /List-Unsubscribe: <http:\/\/127\.0\.0\.1:8080\/unsubscribe\/[A-Za-z0-9_-]+>/);
  assert.match(unfolded, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
  const body = messageBody(digest);
  assert.match(body, /Write to the municipality about Silwan/);
  assert.match(body, /Comment aider : Send the letter we drafted\./, body);
  assert.match(body, /Pour ne plus recevoir ces e-mails/, body);
  // Only one a day, however often the job runs.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  assert.equal(smtp.messages.filter((raw) => raw.includes('To: lyon@example.org') && raw.includes('List-Unsubscribe')).length, 1);

  // The spotlight names it: in the app (which has taken over the page) ...
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.origin}/?lang=fr`);
  await appShown(page);
  const link = page.locator('.spotlight .spotlight-asks a', { hasText: 'Write to the municipality about Silwan' });
  await link.waitFor();
  assert.match(await page.locator('.spotlight').innerText(), /Appels à l'action/);
  assert.match(await page.locator('.spotlight .ask-by').first().innerText(), new RegExp(`d'ici le ${day}`));
  await link.click();
  await page.locator('#calls-to-action h3', { hasText: 'Write to the municipality about Silwan' }).waitFor();
  await page.close();

  // ... and without scripts, in the server's page.
  const noScript = await browser.newPage();
  await noScript.route(/\.(js|wasm)(\?|$)/, (route) => route.abort());
  await noScript.goto(`${server.origin}/?lang=fr`);
  assert.match(await noScript.locator('.spotlight .spotlight-asks').innerText(), /Write to the municipality about Silwan/);
  await noScript.close();
});
