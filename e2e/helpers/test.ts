/**
 * The `test` every e2e spec imports: Playwright's, plus
 * - `browserSkipReason`: a project option (set in playwright.config.ts from
 *   helpers/browsers.ts); when set, every test of the project skips with it;
 * - `openDemo(path)`: opens a demo page in a browser context of its own (one
 *   per user, as two people on two machines would be), keeps that page's
 *   console, errors and failed requests, attaches them to the report when the
 *   test fails, and closes the context afterwards.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface RelayProjectOptions {
  browserSkipReason: string | undefined;
}

interface RelayFixtures {
  skipWhenBrowserMissing: void;
  openDemo: (path: string) => Promise<Page>;
}

/** What `npm run build` must have produced for the demo pages to load the SDK. */
const BUILT_SDK = 'sdk/dist/relayrtc.umd.min.js';

export const test = base.extend<RelayProjectOptions & RelayFixtures>({
  browserSkipReason: [undefined, { option: true }],

  skipWhenBrowserMissing: [
    async ({ browserSkipReason }, use, testInfo) => {
      testInfo.skip(browserSkipReason !== undefined, browserSkipReason);
      await use();
    },
    { auto: true },
  ],

  openDemo: async ({ browser }, use, testInfo) => {
    const rootDir = testInfo.config.configFile ? dirname(testInfo.config.configFile) : process.cwd();
    expect(existsSync(join(rootDir, BUILT_SDK)), `${BUILT_SDK} is missing: run \`npm run build\` first`).toBe(true);

    const opened: { page: Page; log: string[] }[] = [];
    await use(async (path) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const log: string[] = [];
      page.on('console', (m) => log.push(`[console.${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => log.push(`[pageerror] ${e.stack ?? e.message}`));
      page.on('requestfailed', (r) => log.push(`[requestfailed] ${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => {
        if (r.status() >= 400) log.push(`[http ${r.status()}] ${r.url()}`);
      });
      opened.push({ page, log });
      await page.goto(path);
      return page;
    });

    for (const [i, { page, log }] of opened.entries()) {
      if (testInfo.status !== testInfo.expectedStatus && log.length > 0) {
        await testInfo.attach(`page-${i + 1}-${new URL(page.url()).pathname.slice(1) || 'index'}.log`, {
          body: log.join('\n'),
          contentType: 'text/plain',
        });
      }
      await page.context().close();
    }
  },
});

export { expect };
