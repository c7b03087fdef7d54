/**
 * Opens demo pages, one browser context each (one per user, as two people on
 * two machines would be); keeps each page's console, errors and failed
 * requests, attaches them to the report when the test fails, and closes the
 * contexts afterwards.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';
import type { LaunchedBrowser } from './browsers';

/** What `npm run build` must have produced for the demo pages to load the SDK. */
const BUILT_SDK = 'sdk/dist/relayrtc.umd.min.js';

export class DemoPages {
  private readonly opened: { page: Page; log: string[] }[] = [];

  constructor(private readonly testInfo: TestInfo) {
    const rootDir = testInfo.config.configFile ? dirname(testInfo.config.configFile) : process.cwd();
    expect(existsSync(join(rootDir, BUILT_SDK)), `${BUILT_SDK} is missing: run \`npm run build\` first`).toBe(true);
  }

  async open({ browser, contextOptions }: LaunchedBrowser, path: string): Promise<Page> {
    const context = await browser.newContext({ ...contextOptions, baseURL: this.testInfo.project.use.baseURL });
    const page = await context.newPage();
    const log: string[] = [];
    page.on('console', (m) => log.push(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.stack ?? e.message}`));
    page.on('requestfailed', (r) => log.push(`[requestfailed] ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) log.push(`[http ${r.status()}] ${r.url()}`);
    });
    this.opened.push({ page, log });
    await page.goto(path);
    return page;
  }

  async closeAll(): Promise<void> {
    const failed = this.testInfo.status !== this.testInfo.expectedStatus;
    for (const [i, { page, log }] of this.opened.entries()) {
      const name = `page-${i + 1}-${new URL(page.url()).pathname.slice(1) || 'index'}`;
      if (failed && log.length > 0) {
        await this.testInfo.attach(`${name}.log`, { body: log.join('\n'), contentType: 'text/plain' });
      }
      if (failed) {
        const png = await page.screenshot({ timeout: 5_000 }).catch(() => undefined);
        if (png) await this.testInfo.attach(`${name}.png`, { body: png, contentType: 'image/png' });
      }
      await page.context().close();
    }
  }
}
