/**
 * Browser e2e suite. `npm test` (scripts/test.sh) runs it inside a
 * loopback-only network namespace under xvfb-run; `npx playwright test` works
 * too on a machine whose browsers and network allow it.
 *
 * Projects, one per browser engine:
 * - chromium, firefox: every spec. Cross-browser specs pair each with the
 *   other (`otherEngine`), so Chromium → Firefox and Firefox → Chromium both run.
 * - webkit: the same specs in Playwright's own WebKit when it is installed;
 *   otherwise every test skips, saying why.
 * - webkitgtk: Debian's WebKitGTK over WebDriver, which has no WebRTC: only
 *   the engine-neutral specs of e2e/sdk/ (SDK loads, signaling, capture,
 *   the coded error where WebRTC is missing).
 * Browsers are found, not assumed (e2e/helpers/browsers.ts, webkitgtk.ts):
 * a missing one skips its project with the reason.
 *
 * scripts/browser-matrix.mjs turns the JSON report into the README's
 * browser × feature table, using `metadata.browser` / `metadata.otherBrowser`.
 */
import { defineConfig } from '@playwright/test';
import { chromiumChoice, firefoxChoice, webkitChoice, type BrowserChoice } from './e2e/helpers/browsers';
import type { RelayTestOptions, RelayWorkerOptions } from './e2e/helpers/test';
import { webKitGtkSkipReason } from './e2e/helpers/webkitgtk';
import { ADMISSION_OFF } from './e2e/helpers/serverEnv';

const PORT = Number(process.env.RELAYRTC_E2E_PORT ?? 5090);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const CI = Boolean(process.env.CI);

const chromium = chromiumChoice();
const firefox = firefoxChoice();
const webkit = webkitChoice();

/** A project testing `choice`, whose cross-browser specs pair it with `other`. */
function playwrightProject(choice: BrowserChoice, other: BrowserChoice) {
  return {
    name: choice.engine,
    metadata: { browser: choice.label, otherBrowser: other.label },
    use: { engine: choice.engine, otherEngine: other.engine, browserSkipReason: choice.skipReason },
  };
}

export default defineConfig<RelayTestOptions, RelayWorkerOptions>({
  testDir: 'e2e',
  // Two cores: one worker per core; a media test keeps both browsers, the
  // encoder and the relay busy, so more workers only add jitter.
  workers: 2,
  fullyParallel: false,
  forbidOnly: CI,
  // A failure here is a real failure (or a flake worth seeing): no retries.
  retries: 0,
  // Per test: two pages, getUserMedia, ICE over loopback and a few seconds of media. The longest
  // scenarios take 10-15 s on a quiet machine; with load average ~20 on the 2 cores a call, hang-up
  // and call-back took 66 s (a click waited 8 s for a starved renderer) and failed at the old 45 s.
  // A hung test is still cut by the stage's global timeout below.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // The whole matrix takes 5-7 minutes on a quiet 2-core machine (11.5-12.5 with load
  // average ~20); this bounds it under the 15 minutes even when something
  // hangs (scripts/test.sh allows the e2e stage 15.5, its browsers' and server's start included).
  globalTimeout: 14.5 * 60_000,
  reporter: [
    ['list'],
    // scripts/test.sh points PLAYWRIGHT_JSON_OUTPUT_FILE elsewhere to count results.
    ['json', { outputFile: 'playwright-report/results.json' }],
  ],
  use: {
    baseURL: BASE_URL,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    playwrightProject(chromium, firefox),
    playwrightProject(firefox, chromium),
    playwrightProject(webkit, chromium),
    {
      name: 'webkitgtk',
      testMatch: 'sdk/**/*.spec.ts',
      metadata: {
        browser: 'WebKitGTK',
        note: "Debian's WebKitGTK (MiniBrowser over WebKitWebDriver) is built without WebRTC, so only the e2e/sdk/ specs run in it.",
      },
      use: { engine: 'webkitgtk', otherEngine: undefined, browserSkipReason: webKitGtkSkipReason() },
    },
  ],
  webServer: {
    command: 'npx tsx server/src/bin.ts',
    // The server's readiness probe. `/` would do only once demo/index.html
    // exists: Playwright treats a 404 as "not up yet" and waits out the timeout.
    url: `${BASE_URL}/health`,
    // Test knobs let relay specs impair one player's leg (relayTestKnob); never set in production.
    // One viewer worker (the plays still cross a thread): viewers go to the least-loaded worker, so the
    // viewers of one stream land on both of two workers, each then fed the stream; on this 2-core machine
    // two busy workers plus the main thread compete with the browsers, and a second worker made the
    // 500 ms join spec miss under CI load (545-698 ms, 2 runs in 7, when every worker fed every stream).
    // Spreading over several workers is tested in server/test/viewer-workers.test.ts and measured by the
    // benchmark.
    env: { PORT: String(PORT), HOST: '127.0.0.1', RELAYRTC_TEST_KNOBS: '1', RELAYRTC_VIEWER_WORKERS: '1', ...ADMISSION_OFF },
    reuseExistingServer: !CI,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
