// The screenshots and figures of web/DESIGN.md: the map page as a visitor first sees it, in
// English and Arabic, on a phone (390 x 844) and a desktop (1280 x 800), once the app has drawn
// its markers. Usage: node scripts/screenshots.mjs [folder, default web/design] [name prefix,
// default after] (after scripts/build-web.sh).
// Prints, for each, where the map, the Jerusalem spotlight and the list start and how tall the
// page is, so that a change of layout is measured and not only looked at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startBrowser } from '../tests/browser/support.mjs';

const out = process.argv[2] ?? 'web/design';
const prefix = process.argv[3] ?? 'after';
mkdirSync(out, { recursive: true });
const server = await startServer({ demoCount: 300 });
const context = await startBrowser();
const sizes = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'small-phone', width: 320, height: 640 },
  { name: 'desktop', width: 1280, height: 800 },
];
try {
  for (const lang of ['en', 'ar']) {
    for (const size of sizes) {
      const page = await context.newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${server.origin}/?lang=${lang}`);
      await page.locator('.leaflet-marker-icon').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(800);
      const figures = await page.evaluate(() => {
        const box = (selector) => {
          const element = document.querySelector(selector);
          if (!element) return null;
          const r = element.getBoundingClientRect();
          return { top: Math.round(r.top + scrollY), width: Math.round(r.width), height: Math.round(r.height) };
        };
        return {
          map: box('.leaflet-container'),
          spotlight: box('.spotlight'),
          list: box('#organization-list'),
          page: document.documentElement.scrollHeight,
        };
      });
      console.log(`${lang} ${size.width}x${size.height}: ${JSON.stringify(figures)}`);
      await page.screenshot({ path: join(out, `${prefix}-${lang}-${size.width}.png`) });
      await page.close();
    }
  }
} finally {
  await context.close();
  server.stop();
}
