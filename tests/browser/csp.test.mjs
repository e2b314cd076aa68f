// The app must work under the strict Content-Security-Policy the server will send (issue #5):
// no inline script, and WebAssembly needs only 'wasm-unsafe-eval'. The policy is added to the
// page here, and any script violation the browser reports fails the test.
//
// Known and left for issue #5: leptos-leaflet's MapContainer always writes a `style` attribute
// (empty), which the policy reports as a style-src-attr violation; nothing is styled by it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, startServer } from './support.mjs';

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

test('the map and a detail page run under the strict CSP without a violation', async () => {
  const server = await startServer({ demoCount: 100 });
  const context = await startBrowser();
  try {
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (!request.url().startsWith(server.origin)) return route.abort();
      if (request.resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': POLICY } });
    });
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    const page = await context.newPage();
    await page.goto(server.origin + '/?at=31.7767,35.2345,12');
    await page.waitForSelector('.organization-items li a');
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-marker-icon').length > 1);
    await page.locator('.organization-items li a').first().click();
    await page.waitForSelector('article.organization h1');
    const violations = await page.evaluate(() => window.cspViolations);
    assert.deepEqual(violations.filter((v) => !v.startsWith('style-src-attr ')), []);
    assert.ok(violations.length <= 2, `unexpected style violations: ${violations}`);
  } finally {
    await context.close();
    server.stop();
  }
});
