// The app runs under the Content-Security-Policy the server sends with every response: no inline
// script or style, WebAssembly allowed by 'wasm-unsafe-eval' only. Any violation the browser
// reports, on the map, a detail page or the API docs (whose policy also allows inline styles,
// which Swagger UI writes), fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, startServer } from './support.mjs';

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

test('the map, a detail page and the API docs run under the server\'s strict CSP without a violation', async () => {
  const server = await startServer({ demoCount: 100 });
  const context = await startBrowser();
  try {
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    const page = await context.newPage();
    const response = await page.goto(server.origin + '/?at=31.7767,35.2345,12');
    assert.equal(response.headers()['content-security-policy'], POLICY);
    await page.waitForSelector('.organization-items li a');
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-marker-icon').length > 1);
    await page.locator('.organization-items li a').first().click();
    await page.waitForSelector('article.organization h1');
    await page.waitForSelector('.detail-map .leaflet-marker-icon');
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);

    const docs = await context.newPage();
    const answer = await docs.goto(server.origin + '/api/docs/');
    // Swagger UI writes <style> elements: its page alone allows inline styles, nothing else.
    assert.equal(answer.headers()['content-security-policy'], `${POLICY}; style-src 'self' 'unsafe-inline'`);
    await docs.waitForSelector('.opblock', { timeout: 20000 });
    assert.deepEqual(await docs.evaluate(() => window.cspViolations), []);
  } finally {
    await context.close();
    server.stop();
  }
});
