/**
 * Browser e2e suite. `npm test` (scripts/test.sh) runs it inside a
 * loopback-only network namespace under xvfb-run; `npx playwright test` works
 * too on a machine whose browsers and network allow it.
 *
 * Browsers: see e2e/helpers/browsers.ts (Debian's binaries first, then
 * Playwright's own, else the project's tests skip with the reason).
 */
import { defineConfig } from '@playwright/test';
import { chromiumChoice } from './e2e/helpers/browsers';
import type { RelayProjectOptions } from './e2e/helpers/test';

const PORT = Number(process.env.RELAYRTC_E2E_PORT ?? 5090);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const CI = Boolean(process.env.CI);

const chromium = chromiumChoice();

export default defineConfig<RelayProjectOptions>({
  testDir: 'e2e',
  // Two cores: one worker per core; a media test keeps both browsers, the
  // encoder and the relay busy, so more workers only add jitter.
  workers: 2,
  fullyParallel: false,
  forbidOnly: CI,
  // A failure here is a real failure (or a flake worth seeing): no retries.
  retries: 0,
  // Per test: two pages, getUserMedia, ICE over loopback and a few seconds of media.
  timeout: 45_000,
  expect: { timeout: 10_000 },
  // Keeps `npm test` well under 15 minutes even when something hangs.
  globalTimeout: 6 * 60_000,
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
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: chromium.launchOptions,
        browserSkipReason: chromium.skipReason,
      },
    },
  ],
  webServer: {
    command: 'npx tsx server/src/bin.ts',
    // The server's readiness probe. `/` would do only once demo/index.html
    // exists: Playwright treats a 404 as "not up yet" and waits out the timeout.
    url: `${BASE_URL}/health`,
    env: { PORT: String(PORT), HOST: '127.0.0.1' },
    reuseExistingServer: !CI,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
