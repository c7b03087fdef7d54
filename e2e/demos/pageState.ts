/**
 * What the demo specs read back from a page after clicking: the local media
 * state, decoded frames and outgoing bitrate, through the page's own
 * `window.relayDemo` objects (helpers/demo.ts documents that contract).
 */
import { expect, type Page } from '@playwright/test';

interface DemoWindow {
  relayDemo: {
    media: { microphoneMuted: boolean; cameraOff: boolean; screenSharing: boolean; stream: MediaStream } | null;
    publisher: { getStreamStats(): Promise<{ bitrateOut: number }> } | null;
    player: { getStats(): Promise<RTCStatsReport> } | null;
    call: { getStats(): Promise<RTCStatsReport> } | null;
  };
}

export async function mediaState(page: Page) {
  return page.evaluate(() => {
    const media = (window as unknown as DemoWindow).relayDemo.media;
    if (!media) throw new Error('window.relayDemo.media is not set');
    const video = media.stream.getVideoTracks()[0];
    return {
      microphoneMuted: media.microphoneMuted,
      cameraOff: media.cameraOff,
      screenSharing: media.screenSharing,
      videoTrackId: video ? video.id : null,
      videoLabel: video ? video.label : null,
      microphoneLabel: media.stream.getAudioTracks()[0]?.label ?? null,
    };
  });
}

/** Video frames decoded by the page's player (or call). */
export async function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const demo = (window as unknown as DemoWindow).relayDemo;
    const session = demo.player ?? demo.call;
    if (!session) throw new Error('window.relayDemo has no player or call');
    let frames = 0;
    (await session.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
    });
    return frames;
  });
}

/** The publisher's outgoing bitrate since the previous reading (kbit/s). */
export async function outgoingKbps(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const publisher = (window as unknown as DemoWindow).relayDemo.publisher;
    if (!publisher) throw new Error('window.relayDemo.publisher is not set');
    return (await publisher.getStreamStats()).bitrateOut;
  });
}

/**
 * expectState of helpers/demo.ts for the pages with their own states (call:
 * waiting/connected; chat: connected): waits for `#state` to read `expected`,
 * failing early with the page's `#error` when it reads `error` instead.
 */
export async function expectPageState(page: Page, expected: string, timeout = 15_000): Promise<void> {
  const state = page.locator('#state');
  await expect(state).toHaveText(new RegExp(`^\\s*(${expected}|error)\\s*$`), { timeout });
  if (expected !== 'error' && (await state.textContent())?.trim() === 'error') {
    throw new Error(`#state is "error" while waiting for "${expected}"; #error: ${(await page.locator('#error').textContent())?.trim()}`);
  }
}
