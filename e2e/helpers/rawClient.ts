/**
 * Pages driven by e2e/fixtures/raw/rawClient.js: the browser's own
 * RTCPeerConnection speaking the signaling protocol, no SDK in between, so
 * relay specs test the server alone.
 */
import { expect, type Page } from '@playwright/test';
import path from 'node:path';

const RAW_CLIENT = path.join(__dirname, '..', 'fixtures', 'raw', 'rawClient.js');

/** Three simulcast layers as a browser app would ask for them: quarter, half and full resolution. */
export const THREE_LAYERS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

export interface InboundVideo {
  mimeType: string;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  packetsLost: number;
  packetsReceived: number;
  nackCount: number;
  freezeCount: number;
  totalFreezesDuration: number;
}

export async function loadRawClient(page: Page): Promise<void> {
  await page.addScriptTag({ path: RAW_CLIENT });
}

/** Publishes the fake camera (1280x720) from `page` as window.publisher, simulcast when `encodings` is given. */
export interface RawPublishOptions {
  encodings?: typeof THREE_LAYERS;
  codec?: 'video/H264' | 'video/VP8';
  /** Capture size; 1280x720 by default. */
  video?: { width: number; height: number };
}

export async function rawPublish(page: Page, streamId: string, options: RawPublishOptions = {}): Promise<void> {
  await loadRawClient(page);
  await page.evaluate(
    async ({ streamId, options }) => {
      const url = `ws://${location.host}/LiveApp/websocket`;
      (window as unknown as Record<string, unknown>).publisher = await (window as any).rawClient.publish(url, streamId, options);
    },
    { streamId, options },
  );
}

/**
 * A capture size this engine encodes without starving a 2-core machine where the viewer,
 * the server and often another test's browsers run too: Firefox's encoder is the heavier,
 * so it gets 640x360.
 */
export function captureFor(engine: string): { width: number; height: number } {
  return engine === 'firefox' ? { width: 640, height: 360 } : { width: 1280, height: 720 };
}

/** Three simulcast layers from captureFor's size. */
export function simulcastFor(engine: string): RawPublishOptions {
  return { encodings: THREE_LAYERS, video: captureFor(engine) };
}

/**
 * Plays `streamId` in `page` as window.viewer; resolves on play_started. `waitMs` bounds the wait for the
 * server's offer and for play_started each (10 and 15 s by default).
 */
export async function rawPlay(page: Page, streamId: string, waitMs?: number): Promise<void> {
  await loadRawClient(page);
  await page.evaluate(
    async ({ streamId, waitMs }) => {
      const url = `ws://${location.host}/LiveApp/websocket`;
      (window as unknown as Record<string, unknown>).viewer = await (window as any).rawClient.play(url, streamId, waitMs);
    },
    { streamId, waitMs },
  );
}

/** Sends a command on the viewer's socket (forceStreamQuality, relayTestKnob…). */
export async function viewerSends(page: Page, message: Record<string, unknown>): Promise<void> {
  await page.evaluate((m) => (window as any).viewer.signaling.send(m), message);
}

const NOTHING_YET: InboundVideo = {
  mimeType: '',
  framesDecoded: 0, frameWidth: 0, frameHeight: 0, packetsLost: 0, packetsReceived: 0, nackCount: 0, freezeCount: 0, totalFreezesDuration: 0,
};

/** The viewer's inbound video stats (zeros until the first packet). */
export async function inboundVideo(page: Page): Promise<InboundVideo> {
  const stats = await page.evaluate(() => (window as any).rawClient.inboundVideo((window as any).viewer.pc));
  return stats ?? NOTHING_YET;
}

/** The `streamHeight` of every resolutionChangeInfo the viewer got so far. */
export function resolutionChanges(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    (window as any).viewer.notifications.filter((n: any) => n.definition === 'resolutionChangeInfo').map((n: any) => n.streamHeight),
  );
}

/** Waits until the viewer decodes frames of `height` (frames still rising), returning how long it took. */
export async function expectDecodedHeight(page: Page, height: number, timeout = 10_000): Promise<number> {
  const started = Date.now();
  await expect
    .poll(async () => (await inboundVideo(page)).frameHeight, { timeout, intervals: [100] })
    .toBe(height);
  const before = (await inboundVideo(page)).framesDecoded;
  await expect.poll(async () => (await inboundVideo(page)).framesDecoded, { timeout: 5000 }).toBeGreaterThan(before);
  return Date.now() - started;
}

/** How long a forced switch took, in ms, measured in the viewer's page. */
export interface SwitchTiming {
  /** Until the server's resolutionChangeInfo: the new layer's keyframe reached the relay. */
  committedMs: number;
  /** Until the browser decoded a frame of the new height: what the user sees. */
  decodedMs: number;
}

/**
 * Sends forceStreamQuality from the viewer's page and times the switch there,
 * without the test runner's round trips in the figures.
 */
export async function timeForcedSwitch(page: Page, streamId: string, height: number, timeout = 10_000): Promise<SwitchTiming> {
  return page.evaluate(
    async ({ streamId, height, timeout }) => {
      const { viewer, rawClient } = window as any;
      const started = performance.now();
      let committedMs = -1;
      viewer.signaling.on((m: any) => {
        if (committedMs < 0 && m.definition === 'resolutionChangeInfo' && m.streamHeight === height) committedMs = Math.round(performance.now() - started);
      });
      viewer.signaling.send({ command: 'forceStreamQuality', streamId, streamHeight: height });
      while (performance.now() - started < timeout) {
        const stats = await rawClient.inboundVideo(viewer.pc);
        if (stats?.frameHeight === height) return { committedMs, decodedMs: Math.round(performance.now() - started) };
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no frame of height ${height} decoded within ${timeout} ms`);
    },
    { streamId, height, timeout },
  );
}

/** Heights of the stream's layers being sent, lowest first, as getStreamInfo lists them now. */
export function streamInfoHeights(page: Page, streamId: string): Promise<number[]> {
  return page.evaluate(async (streamId) => {
    const signaling = (window as any).viewer.signaling;
    signaling.send({ command: 'getStreamInfo', streamId });
    const info = await signaling.waitFor((m: any) => m.command === 'streamInformation' && m.streamId === streamId);
    return info.streamInfo.map((layer: any) => layer.streamHeight as number).filter((h: number) => h > 0).sort((a: number, b: number) => a - b);
  }, streamId);
}

/** The heights of the stream's layers, lowest first, once `count` of them are live. */
export async function layerHeights(page: Page, streamId: string, count = 3): Promise<number[]> {
  let heights: number[] = [];
  await expect
    .poll(async () => (heights = await streamInfoHeights(page, streamId)).length, { timeout: 10_000, message: `${count} simulcast layers are live` })
    .toBe(count);
  return heights;
}
