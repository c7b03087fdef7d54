/**
 * One browser tab on the server under test, driven only through in-page
 * scripts, so that the same spec runs in a Playwright browser and in
 * WebKitGTK over WebDriver (helpers/webkitgtk.ts).
 */
import type { Page } from '@playwright/test';

/** Runs in the page: must use nothing from its closure, and take and return JSON-able values. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export interface BrowserTab {
  /** Which driver is behind this tab, for messages. */
  readonly driver: 'playwright' | 'webdriver';
  /** Opens `path` of the server under test (e.g. `/`). */
  goto(path: string): Promise<void>;
  /** Runs `fn(arg)` in the page and resolves with what it resolves with. */
  run<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
}

export function playwrightTab(page: Page): BrowserTab {
  return {
    driver: 'playwright',
    async goto(path) {
      await page.goto(path);
    },
    run<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
      // Playwright's own typing unboxes handles in `arg`; ours are plain JSON.
      return page.evaluate(fn as (arg: unknown) => Promise<R>, arg as unknown);
    },
  };
}
