/**
 * Which browser binary each Playwright project drives, and why a project is
 * skipped when there is none. The recipes are the verified ones of
 * /work/shared/reference/browsers.md.
 *
 * Debian's packages come first (they are what CI installs: see
 * scripts/test.sh); Playwright's own download (`npx playwright install`) is
 * the fallback on a laptop with internet. When neither exists the project
 * still runs, and every test in it skips with `skipReason`, so the summary
 * says why instead of failing on a missing executable.
 *
 * `launchBrowser` starts the same recipes outside a project, for specs that
 * need a second, different browser in one test (helpers/otherBrowser.ts).
 */
import { existsSync } from 'node:fs';
import { chromium, firefox, webkit, type Browser, type BrowserContextOptions, type BrowserType, type LaunchOptions } from '@playwright/test';

/** The engines Playwright itself drives (WebKitGTK goes through helpers/webkitgtk.ts). */
export type PlaywrightEngine = 'chromium' | 'firefox' | 'webkit';

export interface BrowserChoice {
  engine: PlaywrightEngine;
  /** What the README's browser table calls it. */
  label: string;
  /** `moz-firefox` drives stock Firefox over WebDriver BiDi instead of Playwright's patched build. */
  channel: string | undefined;
  launchOptions: LaunchOptions;
  /** For every context of this browser (camera permission where no flag or pref grants it). */
  contextOptions: BrowserContextOptions;
  /** Set when no usable binary exists; the tests of that project skip with it. */
  skipReason: string | undefined;
}

/** A browser started from a BrowserChoice, with the options its contexts need. */
export interface LaunchedBrowser {
  browser: Browser;
  contextOptions: BrowserContextOptions;
}

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const DEBIAN_FIREFOX = '/usr/bin/firefox-esr';

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

/**
 * Firefox's equivalents, as preferences (under BiDi `context.grantPermissions`
 * is unsupported, so permissions come from prefs too).
 */
export const FIREFOX_PREFS: Readonly<Record<string, string | number | boolean>> = {
  // Test-pattern camera and tone microphone, granted without a prompt.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // Without these two ICE has no usable candidate over `lo`.
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // 0 = allow audible autoplay, so the player's video plays unmuted as a user's would after a click.
  'media.autoplay.default': 0,
};

function playwrightsOwn(type: BrowserType): string | undefined {
  try {
    const path = type.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export function chromiumChoice(): BrowserChoice {
  const base = { engine: 'chromium', label: 'Chromium', channel: undefined, contextOptions: {} } as const;
  const args = [...CHROMIUM_ARGS];
  if (existsSync(DEBIAN_CHROMIUM)) {
    return { ...base, launchOptions: { executablePath: DEBIAN_CHROMIUM, args }, skipReason: undefined };
  }
  if (playwrightsOwn(chromium)) return { ...base, launchOptions: { args }, skipReason: undefined };
  return {
    ...base,
    launchOptions: { args },
    skipReason:
      `no Chromium: ${DEBIAN_CHROMIUM} is missing (apt-get install chromium) ` +
      `and Playwright's own Chromium is not installed (npx playwright install chromium)`,
  };
}

export function firefoxChoice(): BrowserChoice {
  const firefoxUserPrefs = { ...FIREFOX_PREFS };
  if (existsSync(DEBIAN_FIREFOX)) {
    // Stock Firefox over WebDriver BiDi; the channel's default path is a snap, so executablePath is mandatory.
    return {
      engine: 'firefox',
      label: 'Firefox',
      channel: 'moz-firefox',
      contextOptions: {},
      launchOptions: { executablePath: DEBIAN_FIREFOX, firefoxUserPrefs },
      skipReason: undefined,
    };
  }
  const base = { engine: 'firefox', label: 'Firefox', channel: undefined, contextOptions: {} } as const;
  if (playwrightsOwn(firefox)) return { ...base, launchOptions: { firefoxUserPrefs }, skipReason: undefined };
  return {
    ...base,
    launchOptions: { firefoxUserPrefs },
    skipReason:
      `no Firefox: ${DEBIAN_FIREFOX} is missing (apt-get install firefox-esr) ` +
      `and Playwright's own Firefox is not installed (npx playwright install firefox)`,
  };
}

/**
 * Only Playwright's own WebKit: Playwright cannot launch a stock WebKit, and
 * Debian's WebKitGTK has no WebRTC anyway (the `webkitgtk` project covers it).
 */
export function webkitChoice(): BrowserChoice {
  const base = {
    engine: 'webkit' as const,
    label: 'WebKit',
    channel: undefined,
    launchOptions: {},
    // Playwright's WebKit has no flag or pref for this: the context grants camera and microphone.
    contextOptions: { permissions: ['camera', 'microphone'] },
  };
  if (playwrightsOwn(webkit)) return { ...base, skipReason: undefined };
  return {
    ...base,
    skipReason:
      "Playwright's own WebKit is not installed (npx playwright install webkit, on a machine with internet); " +
      'Debian has no WebKit that Playwright can drive: WebKitGTK is covered by the webkitgtk project',
  };
}

export function choiceFor(engine: PlaywrightEngine): BrowserChoice {
  switch (engine) {
    case 'chromium':
      return chromiumChoice();
    case 'firefox':
      return firefoxChoice();
    case 'webkit':
      return webkitChoice();
  }
}

/** Launches `choice` with its recipe. */
export async function launchBrowser(choice: BrowserChoice): Promise<LaunchedBrowser> {
  if (choice.skipReason) throw new Error(choice.skipReason);
  const type = { chromium, firefox, webkit }[choice.engine];
  const browser = await type.launch({ ...choice.launchOptions, channel: choice.channel, headless: true });
  return { browser, contextOptions: choice.contextOptions };
}
