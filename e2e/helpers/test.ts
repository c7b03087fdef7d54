/**
 * The `test` every e2e spec imports: Playwright's, plus
 * - project options (set in playwright.config.ts): `engine`, the browser this
 *   project tests; `otherEngine`, the second browser of cross-browser specs;
 *   `browserSkipReason`, set when the engine is not installed, in which case
 *   every test of the project skips with it;
 * - `openDemo(path)`: opens a demo page in this project's browser, in a
 *   browser context of its own (one per user, as two people on two machines
 *   would be);
 * - `openDemoInOtherBrowser(path)`: the same in `otherEngine`, launched once
 *   per worker on first use; the test skips when that browser is missing;
 * - `tab`: a page on the server driven by in-page scripts, for the specs under
 *   e2e/sdk/ that every engine runs, WebKitGTK over WebDriver included.
 *
 * The browser under test is launched here (helpers/browsers.ts has the
 * recipes) and Playwright's `browser` fixture is that same browser, so a
 * WebKitGTK worker starts no Playwright browser and a Firefox worker starts
 * exactly one Firefox, whichever fixtures its specs use. (The projects set no
 * `use.launchOptions` or `use.channel`: Playwright would merge those into
 * every launch in the worker, the other browser's included.)
 */
import { test as base, expect, type Page } from '@playwright/test';
import { choiceFor, launchBrowser, type LaunchedBrowser, type PlaywrightEngine } from './browsers';
import { DemoPages } from './demoPages';
import { BROWSER_VERSION } from './matrix';
import { playwrightTab, type BrowserTab } from './tab';
import { startWebKitGtk, webKitGtkSkipReason, type WebKitGtkSession } from './webkitgtk';

export type Engine = PlaywrightEngine | 'webkitgtk';

/** Project options per worker: which browsers it drives. */
export interface RelayWorkerOptions {
  engine: Engine;
  otherEngine: PlaywrightEngine | undefined;
}

export interface RelayTestOptions {
  browserSkipReason: string | undefined;
}

interface RelayWorkerFixtures extends RelayWorkerOptions {
  /** This project's Playwright browser; undefined for WebKitGTK (or when missing: the tests skip). */
  browserUnderTest: LaunchedBrowser | undefined;
  /** This project's WebKitGTK session; undefined for the Playwright engines. */
  webKitGtk: WebKitGtkSession | undefined;
  /** `otherEngine` launched, or why it cannot be. */
  otherBrowser: LaunchedBrowser | { skipReason: string };
}

interface RelayFixtures {
  skipWhenBrowserMissing: void;
  openDemo: (path: string) => Promise<Page>;
  openDemoInOtherBrowser: (path: string) => Promise<Page>;
  tab: BrowserTab;
}

export const test = base.extend<RelayTestOptions & RelayFixtures, RelayWorkerFixtures>({
  engine: ['chromium', { option: true, scope: 'worker' }],
  otherEngine: [undefined, { option: true, scope: 'worker' }],
  browserSkipReason: [undefined, { option: true }],

  browserUnderTest: [
    async ({ engine }, use) => {
      const choice = engine === 'webkitgtk' ? undefined : choiceFor(engine);
      if (!choice || choice.skipReason) return use(undefined);
      const launched = await launchBrowser(choice);
      await use(launched);
      await launched.browser.close();
    },
    { scope: 'worker' },
  ],

  // Playwright's own `browser` (and so `context` and `page`) is this same
  // browser, for specs that prefer the built-in fixtures.
  browser: [
    async ({ browserUnderTest, engine }, use) => {
      if (!browserUnderTest) throw new Error(`no Playwright browser for engine '${engine}': use the \`tab\` fixture`);
      await use(browserUnderTest.browser);
    },
    { scope: 'worker', timeout: 0 },
  ],

  webKitGtk: [
    async ({ engine }, use) => {
      if (engine !== 'webkitgtk' || webKitGtkSkipReason()) return use(undefined);
      const session = await startWebKitGtk();
      await use(session);
      await session.stop();
    },
    { scope: 'worker' },
  ],

  otherBrowser: [
    async ({ otherEngine }, use) => {
      const choice = otherEngine && choiceFor(otherEngine);
      if (!choice) return use({ skipReason: 'this project names no other browser (otherEngine)' });
      if (choice.skipReason) return use({ skipReason: choice.skipReason });
      const launched = await launchBrowser(choice);
      await use(launched);
      await launched.browser.close();
    },
    { scope: 'worker' },
  ],

  skipWhenBrowserMissing: [
    async ({ browserSkipReason }, use, testInfo) => {
      testInfo.skip(browserSkipReason !== undefined, browserSkipReason);
      await use();
    },
    { auto: true },
  ],

  openDemo: async ({ skipWhenBrowserMissing, browserUnderTest }, use, testInfo) => {
    void skipWhenBrowserMissing; // listed so that a missing browser skips before this runs
    if (!browserUnderTest) throw new Error(`the demo-page specs need a Playwright browser; ${testInfo.project.name} has none`);
    testInfo.annotations.push({ type: BROWSER_VERSION, description: browserUnderTest.browser.version() });
    const pages = new DemoPages(testInfo);
    await use((path) => pages.open(browserUnderTest, path));
    await pages.closeAll();
  },

  openDemoInOtherBrowser: async ({ skipWhenBrowserMissing, otherBrowser }, use, testInfo) => {
    void skipWhenBrowserMissing;
    if ('skipReason' in otherBrowser) testInfo.skip(true, `other browser: ${otherBrowser.skipReason}`);
    const launched = otherBrowser as LaunchedBrowser;
    const pages = new DemoPages(testInfo);
    await use((path) => pages.open(launched, path));
    await pages.closeAll();
  },

  tab: async ({ skipWhenBrowserMissing, browserUnderTest, webKitGtk, baseURL }, use, testInfo) => {
    void skipWhenBrowserMissing;
    if (!baseURL) throw new Error('use.baseURL is not set');
    if (webKitGtk) {
      testInfo.annotations.push({ type: BROWSER_VERSION, description: webKitGtk.version });
      return use(webKitGtk.tab(baseURL));
    }
    if (!browserUnderTest) throw new Error(`${testInfo.project.name} has no browser to open a tab in`);
    testInfo.annotations.push({ type: BROWSER_VERSION, description: browserUnderTest.browser.version() });
    const context = await browserUnderTest.browser.newContext({ ...browserUnderTest.contextOptions, baseURL });
    try {
      await use(playwrightTab(await context.newPage()));
    } finally {
      await context.close();
    }
  },
});

export { expect };
