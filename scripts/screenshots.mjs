#!/usr/bin/env node
// Screenshots of every view of dist/ at 1280 and 375 px, light and dark, for looking at a
// UI change before and after (issue #18). Not a test: it asserts nothing and is not run by
// scripts/test. Usage: node scripts/screenshots.mjs <folder>   (default artifacts/screenshots)
// Each view is shot as it opens; the Usage log also with a sample export loaded, the
// Conversation and Cache & routing views after their first result, and the Projection at
// the extreme link `#/projection?v=1&growth-rate=1000&horizon-months=120`, and viewport
// shots of the sticky headline and of an open help tip.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launchChromium, byTestId, ARTIFACTS, ROOT } from '../tests/e2e/harness.mjs';

const folder = process.argv[2] ?? join(ARTIFACTS, 'screenshots');
await mkdir(folder, { recursive: true });
const VIEWS = ['tokens', 'compress', 'projection', 'conversation', 'cache-routing', 'usage', 'models', 'about'];
const LAYOUTS = [
  { width: 1280, height: 800, colorScheme: 'light', suffix: '' },
  { width: 1280, height: 800, colorScheme: 'dark', suffix: '-dark' },
  { width: 375, height: 740, colorScheme: 'light', suffix: '' },
  { width: 375, height: 740, colorScheme: 'dark', suffix: '-dark' },
];
const usageSample = await readFile(join(ROOT, 'tests/fixtures/usage/openai-chat-completions.jsonl'));

const server = await serveDist();
const browser = await launchChromium();
try {
  for (const { width, height, colorScheme, suffix } of LAYOUTS) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme, serviceWorkers: 'block' });
    const page = await context.newPage();
    const shot = async (name) => {
      await page.waitForTimeout(400);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: join(folder, `${name}-${width}${suffix}.png`), fullPage: true });
      console.log(`${name}-${width}${suffix}.png${wide > width ? `  (page is ${wide} px wide)` : ''}`);
    };
    await page.goto(server.origin + '/');
    await page.locator(byTestId('app')).waitFor();
    for (const slug of VIEWS) {
      await page.goto(`${server.origin}/#/${slug}`);
      await page.locator(byTestId(`view-${slug}`)).waitFor();
      if (slug === 'usage') {
        await shot('usage-empty');
        await page.setInputFiles(byTestId('usage-file'), { name: 'sample.jsonl', mimeType: 'application/json', buffer: usageSample });
        await page.waitForTimeout(1500);
      }
      await shot(slug);
    }
    await page.goto(`${server.origin}/#/projection?v=1&growth-rate=1000&horizon-months=120`);
    await page.locator(byTestId('view-projection')).waitFor();
    await shot('projection-extreme');
    // Viewport-sized: the sticky headline while the last lever is edited, and a help tip
    // open on its field's focus.
    const view = async (name) => {
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(folder, `${name}-${width}${suffix}.png`) });
      console.log(`${name}-${width}${suffix}.png`);
    };
    await page.locator('.projection-inputs input:visible').last().focus();
    await view('projection-sticky');
    await page.locator(byTestId('calls-per-month')).focus();
    await view('projection-tip');
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
