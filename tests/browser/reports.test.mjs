// Issue #18, "Visitors report": a visitor reports an entry from its page, in English and in
// Arabic, with the app and without JavaScript (the report form is the server's plain form in
// both), and reads what happens next; "unsafe to list" takes the entry off the map at once; a
// moderator resolves the report in the dashboard (with the entry's history); an owner answers a
// report by confirming the entry. axe finds nothing on these views.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { appShown, assertAccessible, root, startServer } from './support.mjs';

const pages = (lang) => JSON.parse(readFileSync(join(root, `locales/${lang}/pages.json`), 'utf8'));
const admin = (lang) => JSON.parse(readFileSync(join(root, `locales/${lang}/admin.json`), 'utf8'));
const WORDS = { en: pages('en'), ar: pages('ar') };
const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };

let server;
let browser;
let entries;

before(async () => {
  server = await startServer({ demoCount: 120, admin: ADMIN, env: { MIN_FILL_SECS: '0' } });
  const all = await (await fetch(`${server.origin}/api/v1/organizations?limit=500`)).json();
  entries = all.items.filter((org) => org.category !== 'jerusalem_grassroots');
  assert.ok(entries.length >= 6);
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
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return { page, close: () => context.close() };
}

/// axe on a server page (the report pages load no script at all): with JavaScript off axe cannot
/// run, so the same URL is checked in a context with JavaScript on.
async function accessibleAt(url, lang, what) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': lang } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await assertAccessible(page, what);
  } finally {
    await context.close();
  }
}

const api = async (path, { token, method = 'GET', body } = {}) => {
  const response = await fetch(server.origin + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body && JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
};

const signIn = async () => (await api('/api/v1/auth/login', { method: 'POST', body: ADMIN })).body.access_token;

let next = 0;
for (const javaScript of [false, true]) {
  const mode = javaScript ? 'with the app' : 'without JavaScript';
  for (const lang of ['en', 'ar']) {
    const t = WORDS[lang];
    // In English a plain report; in Arabic one that listing the entry is unsafe.
    const kind = lang === 'en' ? 'wrong_details' : 'unsafe';
    test(`${mode}, ${lang}: a visitor reports an entry from its page and reads what happens next`, { timeout: 120_000 }, async () => {
      const entry = entries[next++];
      const { page, close } = await open(javaScript, lang);
      try {
        await page.goto(`${server.origin}/org/${entry.slug}?lang=${lang}`);
        if (javaScript) await appShown(page);
        const link = page.getByRole('link', { name: t.reportProblem });
        await link.waitFor();
        await link.click();
        await page.waitForURL(`**/report/${entry.slug}**`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert.match(await page.getByRole('heading', { level: 1 }).innerText(), new RegExp(t.reportTitle.split('{{')[0].trim()));
        assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
        await accessibleAt(page.url(), lang, `report form (${mode}, ${lang})`);

        // Nothing chosen: the errors, in the reader's language, and nothing sent.
        await page.getByRole('button', { name: t.sendReport }).click();
        await page.locator('#error-summary').waitFor();
        assert.ok((await page.locator('#error-summary').innerText()).includes(t.ruleRequired));
        assert.equal((await api(`/api/v1/organizations/${entry.slug}`)).status, 200);

        const label = { wrong_details: t.reportKindWrongDetails, unsafe: t.reportKindUnsafe }[kind];
        await page.getByLabel(label).check();
        await page.getByLabel(t.reportMessageLabel).fill(lang === 'en' ? 'The website is an old one.' : 'صور الأعضاء منشورة في الصفحة.');
        await page.getByRole('button', { name: t.sendReport }).click();
        const outcome = page.locator('#report-outcome');
        await outcome.waitFor();
        const said = await outcome.innerText();
        assert.ok(said.includes(t.reportSent), said);
        assert.equal(said.includes(t.reportSentUnsafe), kind === 'unsafe', said);
        if (javaScript) await assertAccessible(page, `report sent (${lang})`);
        // An unsafe report takes the entry off the map at once; another stays.
        assert.equal((await api(`/api/v1/organizations/${entry.slug}`)).status, kind === 'unsafe' ? 404 : 200);
        // Nothing public counts reports.
        const publicText = JSON.stringify((await api(`/api/v1/organizations?limit=500`)).body);
        assert.ok(!publicText.includes('report'));
        assert.deepEqual(page.errors, []);
      } finally {
        await close();
      }
    });
  }
}

test('a moderator resolves the reports in the dashboard, with the entry history, in en and ar', { timeout: 120_000 }, async () => {
  const token = await signIn();
  const waiting = (await api('/api/v1/admin/reports', { token })).body;
  assert.ok(waiting.length >= 4, 'the visitors\' reports are waiting');
  const unsafe = waiting.find((r) => r.kind === 'unsafe');
  assert.equal(waiting[0].kind, 'unsafe', 'unsafe ones first');

  const { page, close } = await open(true, 'en');
  try {
    await page.goto(server.origin + '/admin');
    await page.fill('#admin-email', ADMIN.email);
    await page.fill('#admin-password', ADMIN.password);
    await page.locator('form.entry-form button[type=submit]').click();
    await page.locator('[data-testid=nav-pending]').waitFor();
    const en = admin('en');
    await page.getByRole('link', { name: en.reports, exact: true }).click();
    const items = page.locator('[data-testid=report]');
    await items.first().waitFor();
    assert.equal(await items.count(), waiting.length);
    const first = items.first();
    assert.equal(await first.locator('[data-testid=report-kind]').innerText(), WORDS.en.reportKindUnsafe);
    assert.ok((await first.innerText()).includes(en.reportHidEntry));
    assert.ok((await first.locator('[data-testid=report-message]').innerText()).length > 0);
    await first.getByRole('button', { name: en.entryHistory }).click();
    await first.locator('.report-history h3').first().waitFor();
    await assertAccessible(page, '/admin/reports (en)');

    await page.getByRole('button', { name: 'العربية' }).click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    const ar = admin('ar');
    assert.ok(await page.getByRole('heading', { name: ar.reports }).isVisible());
    await assertAccessible(page, '/admin/reports (ar)');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');

    // Dismissed: the entry hidden as unsafe is on the map again.
    await first.getByLabel(en.outcomeLabel).selectOption('dismissed');
    await first.getByRole('button', { name: en.resolveReport }).click();
    await page.waitForFunction((text) => document.querySelector('[data-testid=report-outcome]')?.textContent === text, en.reportResolvedNow);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=report]').length === n, waiting.length - 1);
    assert.equal((await api(`/api/v1/organizations/${unsafe.organization.slug}`)).status, 200);
    const resolved = (await api('/api/v1/admin/reports?state=resolved', { token })).body;
    assert.equal(resolved[0].id, unsafe.id);
    assert.equal(resolved[0].state.outcome, 'dismissed');
    await page.getByLabel(en.reportShow, { exact: true }).selectOption('resolved');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=report]').length === 1);
    assert.match(await page.locator('[data-testid=report-state]').innerText(), /dismissed/);
    await assertAccessible(page, '/admin/reports resolved (en)');
    assert.deepEqual(page.errors, []);
  } finally {
    await close();
  }
});

test('an owner answers a report by confirming the entry', { timeout: 120_000 }, async () => {
  const token = await signIn();
  const formToken = (await api('/api/v1/form-token')).body.token;
  const submission = await api('/api/v1/submissions', {
    method: 'POST',
    body: {
      name: 'Example Reported Collective, Porto', category: 'solidarity_group', city: 'Porto', country: 'PT',
      latitude: 41.15, longitude: -8.61, precision: 'approximate', contact_email: 'porto@example.org',
      consent: true, form_token: formToken,
    },
  });
  assert.equal(submission.status, 201, JSON.stringify(submission.body));
  const queue = (await api('/api/v1/admin/submissions', { token })).body;
  const item = queue.find((s) => s.draft.name === 'Example Reported Collective, Porto');
  assert.equal((await api(`/api/v1/admin/submissions/${item.submission_id}/approve`, { token, method: 'POST' })).status, 204);
  const entry = (await api('/api/v1/owner/entry', { token: submission.body.owner_token })).body;
  const reported = await api(`/api/v1/organizations/${entry.organization.slug}/reports`, {
    method: 'POST',
    body: { kind: 'not_active', form_token: (await api('/api/v1/form-token')).body.token },
  });
  assert.equal(reported.status, 202);

  for (const lang of ['en', 'ar']) {
    const t = WORDS[lang];
    const { page, close } = await open(true, lang);
    try {
      await page.goto(`${server.origin}/owner#${submission.body.owner_token}`);
      await appShown(page);
      const section = page.locator('[data-testid=owner-reports]');
      await section.waitFor();
      assert.ok((await section.innerText()).includes(t.reportKindNotActive));
      await assertAccessible(page, `owner page with a report (${lang})`);
      if (lang === 'en') {
        await page.getByRole('button', { name: t.confirmActive }).click();
        await page.waitForFunction(() => /You answered on/.test(document.querySelector('[data-testid=owner-reports]')?.textContent ?? ''));
      } else {
        assert.ok((await section.innerText()).includes(t.ownerReportAnswered.split('{{')[0].trim()));
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await close();
    }
  }
  const waiting = (await api('/api/v1/admin/reports', { token })).body;
  const answered = waiting.find((r) => r.organization.slug === entry.organization.slug);
  assert.equal(answered.state.status, 'answered');
  assert.equal(answered.state.answer, 'confirmed');
});
