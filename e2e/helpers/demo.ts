/**
 * Arrange helpers for the demo pages (demo/publish.html, demo/play.html).
 *
 * DOM contract of both pages: `#streamId` (defaults from `?streamId=`),
 * `#state` (text is exactly one state name), `#error`, and
 * `window.relayDemo = { client, publisher, player }`.
 */
import type { Page, TestInfo } from '@playwright/test';
import { expect } from './test';

export type PublishState = 'idle' | 'connecting' | 'publishing' | 'stopped' | 'error';
export type PlayState = 'idle' | 'connecting' | 'waiting' | 'playing' | 'ended' | 'stopped' | 'error';

/**
 * A stream id no other test (or earlier run against a reused server) uses.
 * Ant Media accepts letters, digits, `_`, `.` and `-` only.
 */
export function uniqueStreamId(testInfo: TestInfo): string {
  const slug = testInfo.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24);
  const nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return `e2e-${slug}-${testInfo.project.name}-${nonce}`;
}

/** Opens a page by path: the `openDemo` or `openDemoInOtherBrowser` fixture. */
export type OpenPage = (path: string) => Promise<Page>;

/** Opens publish.html for `streamId` (on `base`, the test server by default), clicks Publish, waits for `publishing`. */
export async function publishFromDemo(open: OpenPage, streamId: string, base = ''): Promise<Page> {
  const publisher = await open(`${base}/publish.html?streamId=${streamId}`);
  await publisher.locator('#publish').click();
  await expectState(publisher, 'publishing');
  return publisher;
}

/** Opens play.html for `streamId` (on `base`), clicks Play, waits for `playing`. */
export async function playFromDemo(open: OpenPage, streamId: string, base = ''): Promise<Page> {
  const viewer = await open(`${base}/play.html?streamId=${streamId}`);
  await viewer.locator('#play').click();
  await expectState(viewer, 'playing');
  return viewer;
}

/** A stream published from publish.html and played in play.html, both by clicks. */
export async function publishAndPlayFromDemos(open: OpenPage, streamId: string, base = ''): Promise<{ publisher: Page; viewer: Page }> {
  const publisher = await publishFromDemo(open, streamId, base);
  const viewer = await playFromDemo(open, streamId, base);
  return { publisher, viewer };
}

/**
 * Waits until `#state` reads `expected`. Stops early, with the page's
 * `#error` text in the message, when the page reaches `error` instead.
 */
export async function expectState(page: Page, expected: PublishState | PlayState, timeout = 15_000): Promise<void> {
  const state = page.locator('#state');
  if (expected !== 'error') {
    await expect(state).toHaveText(new RegExp(`^\\s*(${expected}|error)\\s*$`), { timeout });
    const text = (await state.textContent())?.trim();
    if (text === 'error') {
      const error = (await page.locator('#error').textContent())?.trim();
      throw new Error(`${new URL(page.url()).pathname}: #state is "error" while waiting for "${expected}"; #error: ${error || '(empty)'}`);
    }
  }
  await expect(state).toHaveText(expected, { timeout });
}

export interface InboundSample {
  /** Sums over all inbound-rtp streams of that kind; undefined before the first one appears. */
  video: { framesDecoded: number; packetsReceived: number } | undefined;
  audio: { packetsReceived: number } | undefined;
}

/** One reading of the player's inbound RTP stats, via `window.relayDemo.player.getStats()`. */
export async function sampleInbound(page: Page): Promise<InboundSample> {
  return page.evaluate(async () => {
    type Player = { getStats(): Promise<RTCStatsReport> };
    const demo = (window as unknown as { relayDemo?: { player?: Player } }).relayDemo;
    if (!demo?.player) throw new Error('window.relayDemo.player is not set');
    const report = await demo.player.getStats();
    const sample: InboundSample = { video: undefined, audio: undefined };
    report.forEach((s: RTCInboundRtpStreamStats) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'video') {
        sample.video ??= { framesDecoded: 0, packetsReceived: 0 };
        sample.video.framesDecoded += s.framesDecoded ?? 0;
        sample.video.packetsReceived += s.packetsReceived ?? 0;
      } else if (s.kind === 'audio') {
        sample.audio ??= { packetsReceived: 0 };
        sample.audio.packetsReceived += s.packetsReceived ?? 0;
      }
    });
    return sample;
  });
}

/**
 * Asserts that a counter read from the player's stats keeps rising: takes one
 * sample, then samples again about every second until the value is larger.
 */
export async function expectStatRising(
  page: Page,
  what: string,
  read: (s: InboundSample) => number | undefined,
  timeout = 10_000,
): Promise<void> {
  const first = read(await sampleInbound(page)) ?? 0;
  await expect
    .poll(async () => read(await sampleInbound(page)) ?? 0, {
      message: `${what} should rise above ${first}`,
      intervals: [1_000],
      timeout,
    })
    .toBeGreaterThan(first);
}

/** What a viewer would notice: a decoded picture, and video frames and audio packets that keep coming. */
export async function expectPictureAndSound(viewer: Page): Promise<void> {
  await expect
    .poll(() => viewer.locator('#remoteVideo').evaluate((v: HTMLVideoElement) => v.videoWidth), {
      message: '#remoteVideo should have a decoded picture (videoWidth > 0)',
    })
    .toBeGreaterThan(0);
  await expectStatRising(viewer, 'inbound video framesDecoded', (s) => s.video?.framesDecoded);
  await expectStatRising(viewer, 'inbound audio packetsReceived', (s) => s.audio?.packetsReceived);
}

/**
 * The video codec (`video/VP8`, `video/H264`, …) of the page's stream, from its
 * RTCStatsReport: the publish page's outbound or the play page's inbound RTP
 * stream, through its `codecId`. Undefined until the browser reports it.
 */
export async function videoCodec(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    type Session = { getStats(): Promise<RTCStatsReport> };
    const demo = (window as unknown as { relayDemo?: { publisher?: Session; player?: Session } }).relayDemo;
    const session = demo?.publisher ?? demo?.player;
    if (!session) throw new Error('window.relayDemo has no publisher or player');
    const report = await session.getStats();
    let mimeType: string | undefined;
    report.forEach((s: { type: string; kind?: string; codecId?: string }) => {
      if ((s.type === 'outbound-rtp' || s.type === 'inbound-rtp') && s.kind === 'video' && s.codecId) {
        mimeType ??= (report.get(s.codecId) as { mimeType?: string } | undefined)?.mimeType;
      }
    });
    return mimeType;
  });
}
