/**
 * Which browser binary each Playwright project drives, and why a project is
 * skipped when there is none.
 *
 * Debian's packages come first (they are what CI installs: see
 * scripts/test.sh and /work/shared/reference/browsers.md); Playwright's own
 * download (`npx playwright install`) is the fallback on a laptop with
 * internet. When neither exists the project still runs, and every test in it
 * skips with `skipReason`, so the summary says why instead of failing on a
 * missing executable.
 *
 * Adding Firefox or WebKit later means one more function here returning a
 * BrowserChoice, and one more entry in playwright.config.ts.
 */
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

export interface BrowserChoice {
  launchOptions: LaunchOptions;
  /** Set when no usable binary exists; the tests of that project skip with it. */
  skipReason: string | undefined;
}

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Exactly the flags of browsers.md; each one was needed on this machine. */
export const CHROMIUM_ARGS: readonly string[] = [
  // Runs as root inside the test network namespace, where the sandbox cannot start.
  '--no-sandbox',
  // Moving 640x480 test pattern and a beep instead of a camera and a mic.
  '--use-fake-device-for-media-stream',
  // Grants getUserMedia without a permission prompt.
  '--use-fake-ui-for-media-stream',
  // Without it ICE never pairs candidates over `lo`, the only interface in the namespace.
  '--allow-loopback-in-peer-connection',
  // Offer the real 127.0.0.1 host candidate instead of an unresolvable .local name.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--disable-gpu',
  '--disable-quic',
  // No first-run UI and no background requests that would wait on a network that isn't there.
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function playwrightsOwn(executablePath: () => string): string | undefined {
  try {
    const path = executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export function chromiumChoice(): BrowserChoice {
  const args = [...CHROMIUM_ARGS];
  if (existsSync(DEBIAN_CHROMIUM)) {
    return { launchOptions: { executablePath: DEBIAN_CHROMIUM, args }, skipReason: undefined };
  }
  if (playwrightsOwn(() => chromium.executablePath())) {
    return { launchOptions: { args }, skipReason: undefined };
  }
  return {
    launchOptions: { args },
    skipReason:
      `no Chromium: ${DEBIAN_CHROMIUM} is missing (apt-get install chromium) ` +
      `and Playwright's own Chromium is not installed (npx playwright install chromium)`,
  };
}
