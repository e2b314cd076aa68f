// Every word in the reader's language, in headless Chromium against the real server:
// - the pseudo-locale (`en-XA`: accented, lengthened, bracketed) walks every view and finds no
//   interface string that escaped translation (English or a raw key);
// - an Arabic reader sees Arabic names, "القدس، فلسطين", Leaflet's buttons in Arabic, and
//   counts in the plural form CLDR's rules choose (the same file the server reads).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appShown, artifacts, root, startBrowser, startServer } from './support.mjs';

const ADMIN = { email: 'admin@example.org', password: 'a long admin password' };
const PSEUDO = 'en-XA';

let server;
let context;

before(async () => {
  server = await startServer({ demoCount: 120, admin: ADMIN, env: { MIN_FILL_SECS: '0' } });
  context = await startBrowser();
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function pageIn(lang) {
  const page = await context.newPage();
  await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
  return page;
}

async function firstOrganization(query) {
  const list = await (await fetch(`${server.origin}/api/v1/organizations?${query}&limit=1`)).json();
  return list.items[0];
}

/// Interface text on the page that is not in the pseudo-locale: text nodes and the attributes
/// people hear or see (title, aria-label, placeholder, alt). Data carries its own language
/// (`lang`, `dir="auto"`, `<bdi>`) and is skipped, as are the map's markers and attribution.
async function escapedStrings(page) {
  return page.evaluate(() => {
    const pseudo = /[åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ]/;
    const neutral = /^[\s\d\p{P}\p{S}·…]*$/u;
    const data = '[lang]:not(html), bdi, [dir=auto], [translate=no], script, style, noscript, .leaflet-marker-pane, .leaflet-control-attribution, option[lang]';
    const found = new Set();
    const check = (text, where) => {
      const t = (text ?? '').trim();
      if (t && !pseudo.test(t) && !neutral.test(t)) found.add(`${where}: ${t}`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(data) || parent.closest('[hidden], [aria-hidden=true]')) continue;
      check(node.textContent, parent.tagName.toLowerCase());
    }
    for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], img[alt]')) {
      if (el.closest(data)) continue;
      for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
        if (el.hasAttribute(attr)) check(el.getAttribute(attr), `${el.tagName.toLowerCase()}@${attr}`);
      }
    }
    check(document.title, 'title');
    return [...found];
  });
}

test('the pseudo-locale walks every public view and the dashboard: no string escaped translation', async () => {
  const global = await firstOrganization('category=solidarity_group');
  const jerusalem = await firstOrganization('category=jerusalem_grassroots');
  const page = await pageIn(PSEUDO);
  const views = [
    ['/', '.cluster-marker'],
    ['/?at=31.7767,35.2345,13', '.organization-items li'],
    [`/org/${global.slug}`, 'article.organization h1'],
    [`/org/${jerusalem.slug}`, 'article.organization h1'],
    ['/join', '#join-title, form'],
    [`/contact/${global.slug}`, '#contact-name'],
    ['/owner', 'main h1'],
    ['/resources', '[data-testid=resource-list] li'],
    ['/about', 'main h1'],
    ['/no-such-page', 'main'],
  ];
  const report = [];
  for (const [path, ready] of views) {
    await page.goto(server.origin + path);
    await page.waitForFunction(() => document.documentElement.lang === 'en-XA');
    await appShown(page);
    await page.locator(ready).first().waitFor();
    // Late text (lists, names of categories) settles after the first paint.
    await page.waitForTimeout(300);
    for (const s of await escapedStrings(page)) report.push(`${path} ${s}`);
  }
  await page.screenshot({ path: join(artifacts, 'pseudo-locale-resources.png'), fullPage: true });
  // The dashboard: signed in, each section.
  await page.goto(server.origin + '/admin');
  await page.locator('#admin-email').waitFor();
  for (const s of await escapedStrings(page)) report.push(`/admin ${s}`);
  await page.fill('#admin-email', ADMIN.email);
  await page.fill('#admin-password', ADMIN.password);
  await page.locator('form.entry-form button[type=submit]').click();
  await page.locator('[data-testid=nav-pending]').waitFor();
  const sections = await page.locator('nav a[href^="/admin"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.ok(sections.length >= 10, `the dashboard's sections: ${sections}`);
  for (const href of sections) {
    await page.goto(server.origin + href);
    await page.locator('main h1').first().waitFor();
    await page.waitForTimeout(300);
    for (const s of await escapedStrings(page)) report.push(`${href} ${s}`);
  }
  await page.screenshot({ path: join(artifacts, 'pseudo-locale-dashboard.png'), fullPage: true });
  await page.close();
  assert.deepEqual(report, [], 'interface strings outside the translation files');
});

test('an Arabic reader sees Arabic names, al-Quds named as the map names it, and Leaflet in Arabic', async () => {
  const jerusalem = await firstOrganization('category=jerusalem_grassroots');
  assert.ok(jerusalem.name_ar, 'demo Jerusalem organisations have an Arabic name');
  const page = await pageIn('ar');
  await page.goto(`${server.origin}/org/${jerusalem.slug}`);
  await appShown(page);
  await page.locator('article.organization h1').waitFor();
  assert.equal((await page.locator('article.organization h1').textContent()).trim(), jerusalem.name_ar);
  assert.equal((await page.locator('article.organization .place').textContent()).trim(), 'القدس، فلسطين');
  assert.equal(await page.locator('article.organization h1 bdi').getAttribute('lang'), 'ar');

  await page.goto(`${server.origin}/?at=31.7767,35.2345,13`);
  await page.locator('.organization-items li').first().waitFor();
  const items = await page.locator('.organization-items li').allTextContents();
  assert.ok(items.some((t) => t.includes(jerusalem.name_ar)), 'the list shows the Arabic name');
  assert.ok(items.every((t) => !/\b[A-Z]{2}\b/.test(t)), `no country codes in the list: ${items.slice(0, 3)}`);
  assert.equal(await page.locator('.leaflet-control-zoom-in').getAttribute('title'), 'تكبير');
  assert.equal(await page.locator('.leaflet-control-zoom-out').getAttribute('aria-label'), 'تصغير');
  await page.screenshot({ path: join(artifacts, 'arabic-jerusalem-list.png') });

  // The count is the whole view's (what the map's clusters and markers add up to, the list
  // shows a page of it), in the form CLDR's Arabic rules choose for it, from locales/ar/map.json.
  const shown = await page.evaluate(() => [...document.querySelectorAll('.leaflet-marker-icon')]
    .filter((icon) => !icon.classList.contains('jerusalem-label') && !icon.classList.contains('place-label'))
    .reduce((sum, icon) => sum + (icon.classList.contains('cluster-marker') ? Number(icon.textContent) : 1), 0));
  assert.ok(shown > await page.locator('.organization-items li').count(), 'the view holds more than a page');
  const forms = JSON.parse(readFileSync(join(root, 'locales/ar/map.json'), 'utf8'));
  const category = new Intl.PluralRules('ar').select(shown);
  const expected = forms[`showingCount_${category}`].replace('{{n}}', String(shown));
  const status = (await page.locator('[data-testid=list-status]').textContent()).trim();
  assert.equal(status, expected, `${shown} shown (CLDR category ${category})`);
  await page.close();
});

test('the owner chooses the language of the e-mails; the receipt came in the language of the form', async () => {
  const page = await pageIn('fr');
  const token = await (await fetch(server.origin + '/api/v1/form-token')).json();
  const submission = await fetch(server.origin + '/api/v1/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Collectif Olivier', category: 'solidarity_group', city: 'Lyon', country: 'FR',
      latitude: 45.76, longitude: 4.84, precision: 'approximate', contact_email: 'collectif@example.org',
      consent: true, form_token: token.token, language: 'fr',
    }),
  });
  assert.equal(submission.status, 201, await submission.clone().text());
  const receipt = await submission.json();
  const login = await (await fetch(server.origin + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json();
  const outbox = await (await fetch(server.origin + '/api/v1/admin/outbox', { headers: { authorization: `Bearer ${login.access_token}` } })).json();
  assert.ok(outbox.some((m) => m.subject === 'Nous avons reçu « Collectif Olivier »'), 'the receipt is in French');

  await page.goto(`${server.origin}/owner#${receipt.owner_token}`);
  await page.locator('#mail-language').waitFor();
  assert.equal(await page.locator('#mail-language').inputValue(), 'fr');
  await page.selectOption('#mail-language', 'ar');
  await page.locator('#mail-language + button').click();
  await page.waitForFunction(() => document.querySelector('#owner-message')?.textContent.trim().length > 0);
  let language;
  for (let i = 0; i < 50 && language !== 'ar'; i += 1) {
    await page.waitForTimeout(200);
    const entry = await (await fetch(server.origin + '/api/v1/owner/entry', { headers: { authorization: `Bearer ${receipt.owner_token}` } })).json();
    language = entry.language;
  }
  await page.screenshot({ path: join(artifacts, 'owner-mail-language.png'), fullPage: true });
  assert.equal(language, 'ar', 'the choice is saved');
  await page.close();
});

test('a group gives its name and description in other languages; each reader sees their own, else the original', async () => {
  const token = await (await fetch(server.origin + '/api/v1/form-token')).json();
  const submission = await fetch(server.origin + '/api/v1/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Collectif Cèdre', name_ar: 'تجمّع الأرز', description: 'Un collectif de Marseille.',
      category: 'solidarity_group', city: 'Marseille', country: 'FR', latitude: 43.3, longitude: 5.37,
      precision: 'approximate', contact_email: 'cedre@example.org', consent: true, form_token: token.token,
      language: 'fr', original_language: 'fr',
      translations: { en: { name: 'Cedar Collective', description: 'A collective from Marseille.' }, ar: { description: 'تجمّع من مرسيليا.' } },
    }),
  });
  assert.equal(submission.status, 201, await submission.clone().text());
  const receipt = await submission.json();
  const login = await (await fetch(server.origin + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json();
  const approved = await fetch(`${server.origin}/api/v1/admin/submissions/${receipt.submission_id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${login.access_token}` } });
  assert.equal(approved.status, 204);
  let slug;
  for (let i = 0; i < 50 && !slug; i += 1) {
    const list = await (await fetch(server.origin + '/api/v1/organizations?q=cedre')).json();
    slug = list.items[0]?.slug;
    if (!slug) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(slug, 'published');

  const seen = {};
  for (const lang of ['en', 'ar', 'es']) {
    const page = await pageIn(lang);
    await page.goto(`${server.origin}/org/${slug}`);
    await appShown(page);
  await page.locator('article.organization h1').waitFor();
    seen[lang] = {
      name: (await page.locator('article.organization h1').textContent()).trim(),
      nameLang: await page.locator('article.organization h1 bdi').getAttribute('lang'),
      description: (await page.locator('article.organization .description').textContent()).trim(),
    };
    await page.close();
  }
  assert.deepEqual(seen, {
    en: { name: 'Cedar Collective', nameLang: 'en', description: 'A collective from Marseille.' },
    ar: { name: 'تجمّع الأرز', nameLang: 'ar', description: 'تجمّع من مرسيليا.' },
    // No Spanish version: the original, marked as French.
    es: { name: 'Collectif Cèdre', nameLang: 'fr', description: 'Un collectif de Marseille.' },
  });

  // The owner finds the versions in the update form.
  const owner = await pageIn('fr');
  await owner.goto(`${server.origin}/owner#${receipt.owner_token}`);
  await owner.locator('.owner-actions button[aria-expanded]').click();
  await owner.locator('[id="translations.en.name"]').waitFor({ state: 'attached' });
  assert.equal(await owner.locator('[id="translations.en.name"]').inputValue(), 'Cedar Collective');
  assert.equal(await owner.locator('#original_language').inputValue(), 'fr');
  await owner.close();
});
