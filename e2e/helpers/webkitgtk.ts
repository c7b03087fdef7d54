/**
 * Debian's WebKitGTK (MiniBrowser) over WebKitWebDriver and selenium-webdriver,
 * the recipe of /work/shared/reference/browsers.md. Playwright cannot launch a
 * stock WebKit, so the `webkitgtk` project drives this one session per worker
 * and exposes it as a BrowserTab (helpers/tab.ts).
 *
 * This build has no WebRTC backend (`typeof RTCPeerConnection === 'undefined'`);
 * it does have WebSocket, getUserMedia with mock devices, and <video>.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Builder, type WebDriver } from 'selenium-webdriver';
import type { BrowserTab, PageFunction } from './tab';

export const WEBKIT_WEBDRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Longest an in-page script may run (selenium's default is 30 s, longer than some tests). */
const SCRIPT_TIMEOUT_MS = 20_000;
const DRIVER_START_TIMEOUT_MS = 10_000;

const CAPABILITIES = {
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': {
    binary: MINIBROWSER,
    // --automation is required for WebDriver; the other two give getUserMedia a mock camera and mic.
    args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true'],
  },
};

/** Why the webkitgtk project cannot run here, or undefined when it can. */
export function webKitGtkSkipReason(): string | undefined {
  const missing = [WEBKIT_WEBDRIVER, MINIBROWSER].filter((path) => !existsSync(path));
  if (missing.length > 0) return `no WebKitGTK: ${missing.join(' and ')} missing (apt-get install webkit2gtk-driver)`;
  if (!process.env.DISPLAY) return 'no X display for WebKitGTK: run under xvfb-run (npm test does)';
  return undefined;
}

export interface WebKitGtkSession {
  driver: WebDriver;
  /** WebKitGTK's version, as the driver reports it (e.g. `2.50.6`). */
  version: string;
  /** The session's one window as a BrowserTab on `baseURL`. */
  tab(baseURL: string): BrowserTab;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilReady(url: string, driverProcess: ChildProcess): Promise<void> {
  const deadline = Date.now() + DRIVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (driverProcess.exitCode !== null) throw new Error(`${WEBKIT_WEBDRIVER} exited with ${driverProcess.exitCode}`);
    try {
      const response = await fetch(`${url}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${WEBKIT_WEBDRIVER} did not answer on ${url} within ${DRIVER_START_TIMEOUT_MS} ms`);
}

export async function startWebKitGtk(): Promise<WebKitGtkSession> {
  const reason = webKitGtkSkipReason();
  if (reason) throw new Error(reason);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const driverProcess = spawn(WEBKIT_WEBDRIVER, [`--port=${port}`, '--host=127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let driverErrors = '';
  driverProcess.stderr?.on('data', (chunk: Buffer) => (driverErrors = (driverErrors + chunk.toString()).slice(-4_000)));
  let driver: WebDriver;
  try {
    await waitUntilReady(url, driverProcess);
    driver = await new Builder().usingServer(url).withCapabilities(CAPABILITIES).build();
    await driver.manage().setTimeouts({ script: SCRIPT_TIMEOUT_MS });
  } catch (error) {
    driverProcess.kill();
    throw new Error(`could not start WebKitGTK: ${String(error)}${driverErrors ? `\n${driverErrors}` : ''}`);
  }
  const version = String((await driver.getCapabilities()).get('browserVersion') ?? 'unknown');
  return {
    driver,
    version,
    tab: (baseURL) => webDriverTab(driver, baseURL),
    async stop() {
      await driver.quit().catch(() => undefined);
      driverProcess.kill();
    },
  };
}

type Outcome<R> = { ok: true; value: R } | { ok: false; error: string };

function webDriverTab(driver: WebDriver, baseURL: string): BrowserTab {
  return {
    driver: 'webdriver',
    async goto(path) {
      await driver.get(new URL(path, baseURL).href);
    },
    async run<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
      // executeAsyncScript passes a callback as the last argument; errors come back as text.
      const script = `
        const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${fn.toString()})(arguments[0])).then(
          (value) => done({ ok: true, value: value === undefined ? null : value }),
          (error) => done({ ok: false, error: String((error && error.stack) || error) }),
        );`;
      const outcome = (await driver.executeAsyncScript(script, arg)) as Outcome<R>;
      if (!outcome.ok) throw new Error(`in WebKitGTK: ${outcome.error}`);
      return outcome.value;
    },
  };
}
