import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, recordRequests, startBrowser, startServer } from './support.mjs';

let server;
let context;

before(async () => {
  server = await startServer({ demoCount: 300 });
  context = await startBrowser();
});

after(async () => {
  await context?.close();
  server?.stop();
});

test('the map shows a marker for every published organisation, from our origin only', async () => {
  const requests = await recordRequests(context, server.origin);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.origin + '/');
  await page.waitForSelector('img.leaflet-marker-icon', { timeout: 20000 });
  const expected = (await (await fetch(server.origin + '/api/v1/categories')).json()).reduce((n, c) => n + c.count, 0);
  await page.waitForFunction((n) => document.querySelectorAll('img.leaflet-marker-icon').length === n, expected);
  const jerusalem = await page.locator('img.leaflet-marker-icon[src$="/jerusalem_grassroots.svg"]').count();
  assert.equal(jerusalem, 80);
  assert.match(await page.getByTestId('organization-count').innerText(), new RegExp(`^${expected} organisations`));
  assert.ok(await page.getByRole('heading', { name: 'Categories' }).isVisible());
  await page.screenshot({ path: join(artifacts, 'map.png'), fullPage: true });
  assert.deepEqual(errors, []);
  const foreign = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'the page made third-party requests');
  await page.close();
});

test('Swagger UI renders every operation from our own binary', async () => {
  const requests = await recordRequests(context, server.origin);
  const page = await context.newPage();
  await page.goto(server.origin + '/api/docs/');
  await page.waitForSelector('.opblock', { timeout: 20000 });
  const operations = await page.locator('.opblock').count();
  const documented = Object.values((await (await fetch(server.origin + '/api/openapi.json')).json()).paths)
    .reduce((n, item) => n + Object.keys(item).length, 0);
  assert.equal(operations, documented);
  assert.ok(await page.getByText('International Solidarity Map API').first().isVisible());
  await page.screenshot({ path: join(artifacts, 'swagger-ui.png') });
  const foreign = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'Swagger UI made third-party requests');
  await page.close();
});
