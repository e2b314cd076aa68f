// Issue #19, the moderators' side of events, in headless Chromium against the real server: a
// group (which asked for e-mails in French) posts an event through the owner API; a moderator
// signs in, finds it through the review queue, reads it on the Events page and approves it from
// the keyboard; it is then in GET /api/v1/events and the calendar feed, and the approval e-mail
// reaches the SMTP sink in French with the event's page. Then the moderator posts an event for
// the group with the dashboard's form: refused field by field first, then published at once, and
// cancels it from the Events page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertAccessible, messageBody, recordRequests, root, startBrowser, startServer, startSmtpSink } from './support.mjs';

const MODERATOR = { email: 'moderator@example.org', password: 'a long moderator password' };
const words = (lang, namespace) => JSON.parse(readFileSync(join(root, `locales/${lang}/${namespace}.json`), 'utf8'));
const EN = words('en', 'admin');
const PAGES = words('en', 'pages');
const FR_MAIL = words('fr', 'email');

let server;
let smtp;
let context;

before(async () => {
  smtp = await startSmtpSink();
  server = await startServer({ demoCount: 30, moderator: MODERATOR, env: { SMTP_URL: smtp.url, MIN_FILL_SECS: '0' } });
  context = await startBrowser();
  await recordRequests(context, server.origin);
});

after(async () => {
  await context?.close();
  server?.stop();
  smtp?.stop();
});

async function api(path, { method = 'GET', body, token } = {}) {
  const headers = {};
  if (body) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(server.origin + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* a calendar, or nothing */ }
  return { status: response.status, body: parsed };
}

/// A time `days` from now, on the hour, as RFC 3339.
function inDays(days, hours = 0) {
  const t = new Date(Date.now() + days * 86_400_000 + hours * 3_600_000);
  t.setUTCMinutes(0, 0, 0);
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/// Polls until `probe()` is truthy.
async function eventually(probe, what, tries = 100) {
  for (let i = 0; i < tries; i += 1) {
    const found = await probe();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(what);
}

test('a moderator approves a pending event from the dashboard; it is public and the group is told in French', { timeout: 180_000 }, async () => {
  const token = (await api('/api/v1/auth/login', { method: 'POST', body: MODERATOR })).body.access_token;
  assert.ok(token, 'the moderator signs in to the API');
  // A group joins, asking for e-mails in French, and is approved.
  const formToken = (await api('/api/v1/form-token')).body.token;
  const joined = await api('/api/v1/submissions', {
    method: 'POST',
    body: {
      name: 'Example Solidarity Collective, Lyon', category: 'solidarity_group', city: 'Lyon', country: 'FR',
      latitude: 45.76, longitude: 4.83, precision: 'approximate', contact_email: 'lyon@example.org',
      consent: true, form_token: formToken, language: 'fr', languages: ['fr'],
    },
  });
  assert.equal(joined.status, 201, JSON.stringify(joined.body));
  const queue = (await api('/api/v1/admin/submissions', { token })).body;
  const item = queue.find((s) => s.draft.name === 'Example Solidarity Collective, Lyon');
  assert.equal((await api(`/api/v1/admin/submissions/${item.submission_id}/approve`, { token, method: 'POST' })).status, 204);
  const owner = joined.body.owner_token;
  const entry = (await api('/api/v1/owner/entry', { token: owner })).body;
  // The group posts an event: held for review.
  const title = 'Veillée pour Jérusalem';
  const posted = await api('/api/v1/owner/events', {
    method: 'POST',
    token: owner,
    body: {
      title, description: 'Une veillée devant la mairie.\nApportez des bougies.', kind: 'vigil',
      starts_at: inDays(5), ends_at: inDays(5, 2), time_zone: 'Europe/Paris',
      city: 'Lyon', country: 'FR', latitude: 45.764, longitude: 4.835, languages: ['fr', 'ar'],
      link: 'https://example.org/veillee',
    },
  });
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  const { slug } = posted.body.event;
  // The demo data has public events of its own: the group's are what counts.
  const groupsEvents = `/api/v1/events?organization=${entry.organization.slug}`;
  assert.equal((await api(groupsEvents)).body.items.length, 0, 'nothing public while pending');

  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'en' });
  await page.goto(server.origin + '/admin');
  await page.fill('#admin-email', MODERATOR.email);
  await page.fill('#admin-password', MODERATOR.password);
  await page.locator('form.entry-form button[type=submit]').click();
  await page.locator('[data-testid=nav-pending]').waitFor();
  // The review queue says an event waits, and leads to it.
  const note = page.locator('[data-testid=pending-events] a');
  await note.waitFor();
  assert.equal(await note.innerText(), EN.eventsPendingCount_one.replace('{{n}}', '1'));
  await note.click();
  await page.waitForURL(/\/admin\/events$/);
  const event = page.locator('[data-testid=event]');
  await event.waitFor();
  assert.equal(await event.count(), 1);
  assert.match(await event.locator('h2').innerText(), new RegExp(`${title} · ${EN.eventKindVigil}`));
  assert.equal(await event.locator('[data-testid=event-organizer]').innerText(), entry.organization.name);
  assert.equal(await event.locator('[data-testid=event-organizer]').getAttribute('href'), `/admin/organizations/${entry.organization.id}`);
  assert.match(await event.locator('[data-testid=event-when]').innerText(), /^\d{4}-\d\d-\d\d \d\d:00 – \d{4}-\d\d-\d\d \d\d:00$/);
  assert.match(await event.innerText(), /Europe\/Paris/);
  assert.match(await event.locator('[data-testid=event-place]').innerText(), /^Lyon, France/);
  assert.match(await event.innerText(), /French, Arabic/);
  assert.match(await event.locator('[data-testid=event-description]').innerText(), /Apportez des bougies/);
  assert.equal(await event.locator('[data-testid=event-link]').getAttribute('href'), 'https://example.org/veillee');
  // The reason field is labelled; the article is named by its heading.
  assert.equal(await event.getByLabel(EN.reason).count(), 1);
  assert.equal(await page.getByRole('article', { name: new RegExp(title) }).count(), 1);
  await assertAccessible(page, '/admin/events with a pending event (en)');

  // From the keyboard: the approve button takes the focus and Enter decides.
  await event.getByRole('button', { name: EN.approve }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((text) => document.querySelector('[data-testid=event-outcome]')?.textContent === text,
    EN.eventApprovedTitle.replace('{{title}}', title));
  await page.locator('[data-testid=no-events]').waitFor();
  // Published: in the list by the state filter.
  await page.getByLabel(EN.reportShow, { exact: true }).selectOption('published');
  await page.waitForFunction(() => document.querySelector('[data-testid=event-status]')?.textContent === 'Published');
  assert.equal(await page.locator('[data-testid=approve-event]').count(), 0, 'nothing left to decide');

  // Public: the list and the calendar feed.
  const list = (await api(groupsEvents)).body;
  assert.deepEqual(list.items.map((e) => e.slug), [slug]);
  const feed = await api(`/api/v1/events.ics?organization=${entry.organization.slug}`);
  assert.equal(feed.status, 200);
  assert.match(feed.body, /SUMMARY:Veillée pour Jérusalem/);

  // The approval reaches the group's inbox, in French, with the event's page.
  const mail = await eventually(
    () => smtp.messages.map(messageBody).find((body) => body.includes(`/events/${slug}`)),
    'the approval e-mail arrives',
  );
  const approvedFr = FR_MAIL.eventApprovedBody.split('{{title}}')[0];
  assert.ok(mail.includes(approvedFr), `in French: ${mail}`);
  assert.ok(mail.includes(title), mail);
  assert.ok(mail.includes(`${server.origin}/events/${slug}`) || mail.includes(`/events/${slug}`), mail);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a moderator posts an event for a group from its page: errors by field, then published at once', { timeout: 180_000 }, async () => {
  const org = (await api('/api/v1/organizations?limit=1')).body.items[0];
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'en' });
  await page.goto(server.origin + '/admin');
  await page.fill('#admin-email', MODERATOR.email);
  await page.fill('#admin-password', MODERATOR.password);
  await page.locator('form.entry-form button[type=submit]').click();
  await page.locator('[data-testid=nav-pending]').waitFor();
  await page.goto(`${server.origin}/admin/organizations/${org.id}`);
  await page.locator('[data-testid=post-event-for-group]').click();
  await page.waitForURL(new RegExp(`/admin/events/new/${org.id}$`));
  await page.locator('#organizer').waitFor();
  assert.equal(await page.inputValue('#organizer'), org.id, 'the organiser is filled in');
  await assertAccessible(page, '/admin/events/new (en)');

  // Sent empty: each required field says so, next to it, and is marked invalid.
  await page.getByRole('button', { name: EN.publish }).click();
  await page.locator('#title-error').waitFor();
  assert.equal(await page.locator('#title-error').innerText(), PAGES.ruleRequired);
  assert.equal(await page.getAttribute('#title', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#title', 'aria-describedby'), /title-error/);
  assert.equal(await page.locator('#kind-error').innerText(), PAGES.ruleRequired);
  assert.equal(await page.locator('#starts_at-error').innerText(), PAGES.ruleRequired);
  assert.equal(await page.locator('#city-error').innerText(), PAGES.ruleRequired);
  assert.equal(await page.locator('[data-testid=event-form-outcome]').innerText(), EN.fixErrors);
  await assertAccessible(page, '/admin/events/new with errors (en)');

  // An end before the start is named as such.
  await page.fill('#title', 'Talk on the Old City');
  await page.selectOption('#kind', 'talk');
  await page.fill('#starts_at', inDays(8).slice(0, 16));
  await page.fill('#ends_at', inDays(7).slice(0, 16));
  await page.fill('#time_zone', 'UTC');
  await page.check('#online');
  await page.getByRole('button', { name: EN.publish }).click();
  await page.waitForFunction((text) => document.querySelector('#ends_at-error')?.textContent === text, PAGES.ruleEndsBeforeStart);
  assert.equal(await page.locator('#title-error').count(), 0, 'the fixed field has no error left');

  await page.fill('#ends_at', inDays(8, 2).slice(0, 16));
  await page.fill('#languages', 'en, ar');
  await page.getByRole('button', { name: EN.publish }).click();
  await page.waitForFunction((text) => document.querySelector('[data-testid=event-form-outcome]')?.textContent.startsWith(text),
    EN.eventPublishedNow.replace('{{title}}', 'Talk on the Old City'));
  const link = await page.locator('[data-testid=event-form-outcome] a').getAttribute('href');
  const slug = link.replace('/events/', '');
  const list = (await api('/api/v1/events')).body;
  const posted = list.items.find((e) => e.slug === slug);
  assert.ok(posted, 'published at once');
  assert.equal(posted.organizer.id, org.id);
  assert.equal(posted.online, true);
  assert.deepEqual(posted.languages, ['en', 'ar']);

  // Cancelled from the Events page, after a confirmation: still listed, marked cancelled.
  await page.getByRole('link', { name: EN.backToEvents }).click();
  await page.getByLabel(EN.reportShow, { exact: true }).selectOption('published');
  const item = page.getByRole('article', { name: /Talk on the Old City/ });
  await item.waitFor();
  await item.getByRole('button', { name: EN.eventCancel }).click();
  const yes = item.getByRole('button', { name: EN.eventConfirmCancelButton });
  await yes.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), EN.eventConfirmCancelButton, 'the confirmation takes the focus');
  await assertAccessible(page, '/admin/events asking to cancel (en)');
  await page.keyboard.press('Enter');
  await page.waitForFunction((text) => document.querySelector('[data-testid=event-outcome]')?.textContent === text,
    EN.eventCancelledTitle.replace('{{title}}', 'Talk on the Old City'));
  const cancelled = (await api(`/api/v1/events/${slug}`)).body;
  assert.equal(cancelled.status, 'cancelled');
  assert.deepEqual(page.errors, []);
  await page.close();
});
