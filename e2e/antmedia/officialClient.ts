/**
 * Arrange helpers for the specs that drive the official, unmodified Ant Media
 * JS SDK (`@antmedia/webrtc_adaptor`) against our server.
 *
 * `officialClient(name, options)` opens a page of its own (one browser
 * context per user, through the shared `openDemo`) on the server's origin,
 * writes e2e/fixtures/antmedia/adaptor.html into it and serves its scripts
 * (harness.js and the SDK bundle) with page.route, creates the adaptor and
 * waits for its `initialized` callback. The returned OfficialClient reads the
 * page's `window.events` (every callback and callbackError) and `window.wire`
 * (every WebSocket frame); both go into the report when a test fails.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { antMediaBundle } from '../helpers/antmediaBundle';
import { expect, test as base } from '../helpers/test';

const FIXTURE_DIR = resolve(__dirname, '../fixtures/antmedia');
/** Path prefix under the server's origin; the server itself serves nothing there. */
const FIXTURE_PATH = '/e2e-antmedia/';
const BUNDLE_NAME = 'webrtc_adaptor.iife.js';

/** One callback or callbackError as recorded by harness.js. */
export interface AdaptorEvent {
  seq: number;
  /** Milliseconds since the page loaded. */
  at: number;
  kind: 'callback' | 'error';
  /** `info` of a callback, `error` of a callbackError. */
  name: string;
  obj: any;
}

/** JSON-serialisable WebRTCAdaptor constructor options (callbacks are the harness's). */
export interface AdaptorOptions {
  isPlayMode?: boolean;
  dataChannelEnabled?: boolean;
  mediaConstraints?: { video: unknown; audio: unknown };
  reconnectIfRequiredFlag?: boolean;
  [key: string]: unknown;
}

export interface InboundTotals {
  videoFramesDecoded: number;
  videoPackets: number;
  audioPackets: number;
  frameWidth: number;
}

/** A frame on the adaptor's WebSocket, as harness.js records it: sent, received, or the close. */
export type WireFrame = { dir: '→' | '←' | '×'; at: number; text: string };

/** A binary message's fingerprint, as harness.js summarises it. */
export interface BinaryFingerprint {
  type: 'binary';
  byteLength: number;
  fnv1a: string;
}

export class OfficialClient {
  constructor(
    readonly name: string,
    readonly page: Page,
  ) {}

  events(): Promise<AdaptorEvent[]> {
    return this.page.evaluate(() => (window as unknown as { events: AdaptorEvent[] }).events.slice());
  }

  /** Calls `adaptor[method](...args)` in the page; arguments must be JSON-serialisable. */
  async call(method: string, ...args: unknown[]): Promise<void> {
    await this.page.evaluate(
      ({ method, args }) => {
        const adaptor = (window as unknown as { adaptor: Record<string, (...a: unknown[]) => unknown> }).adaptor;
        adaptor[method]!(...args);
      },
      { method, args },
    );
  }

  /**
   * Waits for the first callback (or callbackError) named `name` whose payload
   * satisfies `match`, and returns it. On timeout the message lists what the
   * adaptor did report and the last frames on the wire.
   */
  async waitFor(
    kind: AdaptorEvent['kind'],
    name: string,
    match: (obj: AdaptorEvent['obj']) => boolean = () => true,
    timeout = 10_000,
    afterSeq = 0,
  ): Promise<AdaptorEvent> {
    let found: AdaptorEvent | undefined;
    try {
      await expect
        .poll(
          async () => {
            found = (await this.events()).find((e) => e.seq > afterSeq && e.kind === kind && e.name === name && match(e.obj));
            return found !== undefined;
          },
          { timeout, intervals: [100] },
        )
        .toBe(true);
    } catch {
      throw new Error(
        `${this.name}: no ${kind === 'error' ? 'callbackError' : 'callback'} "${name}" matching within ${timeout} ms.\n` +
          `${this.name} reported:\n${this.describeEvents(await this.events().catch(() => []))}\n` +
          `last frames on ${this.name}'s WebSocket:\n${this.describeWire(await this.wire().catch(() => []), 25)}`,
      );
    }
    return found!;
  }

  /** Waits for a callback; `afterSeq` skips events up to that sequence number (an earlier one of the same name). */
  callback(name: string, match?: (obj: AdaptorEvent['obj']) => boolean, timeout?: number, afterSeq?: number): Promise<AdaptorEvent> {
    return this.waitFor('callback', name, match, timeout, afterSeq);
  }

  error(name: string, match?: (obj: AdaptorEvent['obj']) => boolean, timeout?: number, afterSeq?: number): Promise<AdaptorEvent> {
    return this.waitFor('error', name, match, timeout, afterSeq);
  }

  /** All callbackErrors so far. */
  async errors(): Promise<AdaptorEvent[]> {
    return (await this.events()).filter((e) => e.kind === 'error');
  }

  inbound(streamId: string): Promise<InboundTotals | null> {
    return this.page.evaluate(
      (id) => (window as unknown as { harness: { inbound(id: string): Promise<InboundTotals | null> } }).harness.inbound(id),
      streamId,
    );
  }

  /**
   * What a user sees: the remote picture of `streamId` has a size, and frames
   * keep being decoded on `adaptor.remotePeerConnection[streamId]`, and audio
   * packets keep arriving.
   */
  async expectMediaFrom(streamId: string, timeout = 10_000): Promise<void> {
    await expect
      .poll(() => this.page.evaluate((id) => (window as unknown as { harness: { remoteVideoWidth(id: string): number } }).harness.remoteVideoWidth(id), streamId), {
        message: `${this.name}: the <video> showing ${streamId} should have a decoded picture (videoWidth > 0)`,
        timeout,
      })
      .toBeGreaterThan(0);
    const first = (await this.inbound(streamId)) ?? { videoFramesDecoded: 0, audioPackets: 0 };
    await expect
      .poll(async () => (await this.inbound(streamId))?.videoFramesDecoded ?? 0, {
        message: `${this.name}: inbound video framesDecoded of ${streamId} should rise above ${first.videoFramesDecoded}`,
        intervals: [500],
        timeout,
      })
      .toBeGreaterThan(first.videoFramesDecoded);
    await expect
      .poll(async () => (await this.inbound(streamId))?.audioPackets ?? 0, {
        message: `${this.name}: inbound audio packetsReceived of ${streamId} should rise above ${first.audioPackets}`,
        intervals: [500],
        timeout,
      })
      .toBeGreaterThan(first.audioPackets);
  }

  wire(): Promise<WireFrame[]> {
    return this.page.evaluate(() => (window as unknown as { wire: WireFrame[] }).wire.slice());
  }

  /** Messages the server sent on this client's WebSocket, parsed (pings/pongs included). */
  async receivedMessages(): Promise<Array<Record<string, unknown>>> {
    return (await this.wire())
      .filter((f) => f.dir === '←' && f.text.startsWith('{'))
      .map((f) => JSON.parse(f.text) as Record<string, unknown>);
  }

  describeEvents(events: AdaptorEvent[]): string {
    const lines = events
      .filter((e) => e.name !== 'pong' && e.name !== 'updated_stats')
      .map((e) => `  +${e.at}ms ${e.kind === 'error' ? 'callbackError' : 'callback'} ${e.name} ${compact(e.obj)}`);
    return lines.length > 0 ? lines.join('\n') : '  (nothing)';
  }

  describeWire(wire: WireFrame[], last = Infinity): string {
    const frames = wire.filter((f) => !/^\{"command":"(ping|pong)"\}$/.test(f.text));
    const shown = frames.slice(-last);
    const lines = shown.map((f) => `  +${f.at}ms ${f.dir} ${compactSdp(f.text)}`);
    if (frames.length > shown.length) lines.unshift(`  (${frames.length - shown.length} earlier frames left out)`);
    return lines.length > 0 ? lines.join('\n') : '  (no frames)';
  }
}

function compact(obj: unknown): string {
  if (obj === undefined) return '';
  const text = JSON.stringify(obj) ?? String(obj);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** SDP is long: keep its m-lines and a=setup/a=sctp lines, which are what usually matters. */
function compactSdp(text: string): string {
  return text.replace(/"sdp":"((?:[^"\\]|\\.)*)"/, (_all, sdp: string) => {
    const lines = sdp.split('\\r\\n').filter((l) => /^(m=|a=(mid|msid|sctp|setup|sendrecv|sendonly|recvonly|inactive))/.test(l));
    return `"sdp":"<${sdp.length} chars: ${lines.join(' | ')}>"`;
  });
}

async function serveFixture(path: string): Promise<{ body: string | Buffer; contentType: string } | undefined> {
  const name = basename(path);
  if (name === BUNDLE_NAME) return { body: antMediaBundle().code, contentType: 'text/javascript; charset=utf-8' };
  if (!name.endsWith('.js')) return undefined;
  try {
    return { body: await readFile(join(FIXTURE_DIR, name)), contentType: 'text/javascript; charset=utf-8' };
  } catch {
    return undefined;
  }
}

/**
 * Engines these specs run in. The wire protocol is what they test, and one
 * engine shows it; each extra engine adds its own run time to `npm test`.
 * RELAYRTC_OFFICIAL_SDK_ENGINES=chromium,firefox widens it for a local run.
 */
const OFFICIAL_SDK_ENGINES: readonly string[] = (process.env.RELAYRTC_OFFICIAL_SDK_ENGINES ?? 'chromium').split(',');

export interface OfficialClientFixtures {
  onlyInOfficialSdkEngines: void;
  /** Opens a page running the official WebRTCAdaptor; resolves once it reported `initialized`. */
  officialClient: (name: string, options?: AdaptorOptions) => Promise<OfficialClient>;
}

export const test = base.extend<OfficialClientFixtures>({
  onlyInOfficialSdkEngines: [
    async ({ engine }, use, testInfo) => {
      testInfo.skip(
        !OFFICIAL_SDK_ENGINES.includes(engine),
        `the official Ant Media SDK specs run in ${OFFICIAL_SDK_ENGINES.join(', ')} only (wire compatibility, not browser coverage)`,
      );
      await use();
    },
    { auto: true },
  ],

  officialClient: async ({ openDemo, baseURL }, use, testInfo) => {
    const clients: OfficialClient[] = [];
    await use(async (name, options = {}) => {
      // openDemo gives a context of its own and keeps the page's console and errors for the report.
      const page = await openDemo('about:blank');
      const client = new OfficialClient(name, page);
      clients.push(client);
      await page.route(`**${FIXTURE_PATH}*`, async (route) => {
        const file = await serveFixture(new URL(route.request().url()).pathname);
        if (file) await route.fulfill({ status: 200, body: file.body, contentType: file.contentType });
        else await route.fulfill({ status: 404, body: 'not a fixture file' });
      });
      // The document itself must come from the server: Chromium's Local Network
      // Access checks treat a document fulfilled by page.route as public and then
      // block its WebSocket to 127.0.0.1 (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
      // So: a real page of the server, its content replaced by the fixture's;
      // the scripts it loads are routed subresources, which is allowed.
      await page.goto(new URL('/health', baseURL).href);
      await page.setContent(await readFile(join(FIXTURE_DIR, 'adaptor.html'), 'utf8'), { waitUntil: 'load' });
      await page.evaluate((o) => (window as unknown as { harness: { start(o: unknown): void } }).harness.start(o), options);
      // In publish mode the adaptor opens its socket only after getUserMedia settles.
      await client.callback('initialized');
      return client;
    });

    const failed = testInfo.status !== testInfo.expectedStatus;
    for (const client of clients) {
      if (failed) {
        const events = await client.events().catch(() => []);
        await testInfo.attach(`${client.name}-callbacks.txt`, { body: client.describeEvents(events), contentType: 'text/plain' });
        await testInfo.attach(`${client.name}-websocket.txt`, {
          body: (await client.wire().catch(() => [])).map((f) => `+${f.at}ms ${f.dir} ${f.text}`).join('\n'),
          contentType: 'text/plain',
        });
      }
      // Closing the socket ends the client's sessions on the server (as closing a tab would).
      await client.page
        .evaluate(() => (window as unknown as { adaptor?: { closeWebSocket(): void } }).adaptor?.closeWebSocket())
        .catch(() => undefined);
    }
  },
});

/** A stream published with the official SDK and played by another official-SDK page, which decodes it. */
export async function officialPublishAndPlay(
  officialClient: OfficialClientFixtures['officialClient'],
  streamId: string,
): Promise<{ publisher: OfficialClient; viewer: OfficialClient }> {
  const publisher = await officialClient('publisher');
  await publisher.call('publish', streamId);
  await publisher.callback('publish_started', (m) => m.streamId === streamId);
  const viewer = await officialClient('viewer', { isPlayMode: true });
  await viewer.call('play', streamId);
  await viewer.callback('play_started', (m) => m.streamId === streamId);
  await viewer.expectMediaFrom(streamId);
  return { publisher, viewer };
}

export { expect };

