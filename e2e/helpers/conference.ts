/**
 * Arrange and assert helpers for the conference page (demo/conference.html).
 *
 * DOM contract: `#roomId`, `#name`, `#maxVideo` (also `?room=`, `?name=`,
 * `?maxVideo=`), `#join`, `#leave`, `#mute`, `#state` (idle, connecting,
 * joined, left, error), `#error`; one `#tiles .tile[data-participant-id]`
 * per other participant, with `data-has-video`, `.name`, `.badge.mic`,
 * `.speaking` and `.pinned`; `window.relayDemo.conference` is the SDK's
 * Conference.
 */
import type { Page } from '@playwright/test';
import { expectPageState } from '../demos/pageState';
import { expect } from './test';

export const tiles = (page: Page) => page.locator('#tiles .tile[data-participant-id]');
export const tile = (page: Page, participantId: string) => page.locator(`#tiles .tile[data-participant-id="${participantId}"]`);

/** Opens the conference page of `room` for each of `names` in turn and joins; their pages and participant ids. */
export async function peopleJoin(openDemo: (path: string) => Promise<Page>, room: string, names: string[]): Promise<{ pages: Page[]; ids: string[] }> {
  const pages: Page[] = [];
  const ids: string[] = [];
  for (const name of names) {
    const page = await openDemo(`/conference.html?room=${room}&name=${name}`);
    ids.push(await join(page));
    pages.push(page);
  }
  return { pages, ids };
}

/** Clicks Join and waits for `joined`; returns this page's participant id. */
export async function join(page: Page): Promise<string> {
  await page.locator('#join').click();
  await expectPageState(page, 'joined', 30_000);
  return page.evaluate(() => (window as unknown as { relayDemo: { conference: { streamId: string } } }).relayDemo.conference.streamId);
}

/**
 * Video frames decoded per participant, read from the room play's getStats:
 * each inbound-rtp video stream is matched to a participant by its track
 * (trackIdentifier is the received track's id).
 */
export function framesByParticipant(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    type Participant = { id: string; stream: MediaStream };
    type Conference = { participants: Participant[]; getStats(): Promise<RTCStatsReport> };
    const conference = (window as unknown as { relayDemo: { conference: Conference | null } }).relayDemo.conference;
    if (!conference) return {};
    const owner = new Map<string, string>();
    for (const p of conference.participants) for (const t of p.stream.getVideoTracks()) owner.set(t.id, p.id);
    const frames: Record<string, number> = {};
    (await conference.getStats()).forEach((s: { type: string; kind?: string; trackIdentifier?: string; framesDecoded?: number }) => {
      const id = s.type === 'inbound-rtp' && s.kind === 'video' && s.trackIdentifier ? owner.get(s.trackIdentifier) : undefined;
      if (id) frames[id] = (frames[id] ?? 0) + (s.framesDecoded ?? 0);
    });
    return frames;
  });
}

/** `page` keeps decoding new video frames from every one of `ids`. */
export async function expectDecoding(page: Page, ids: string[], who: string, timeout = 20_000): Promise<void> {
  const first = await framesByParticipant(page);
  await expect
    .poll(
      async () => {
        const now = await framesByParticipant(page);
        return ids.filter((id) => (now[id] ?? 0) > (first[id] ?? 0) + 3).sort();
      },
      { message: `${who} should decode new video frames from ${ids.join(', ')}`, timeout, intervals: [500] },
    )
    .toEqual(ids.slice().sort());
}

/** The page's tiles are exactly `ids`. */
export async function expectTiles(page: Page, ids: string[], who: string, timeout = 15_000): Promise<void> {
  await expect
    .poll(async () => (await tiles(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-participant-id') ?? ''))).sort(), {
      message: `${who} should show tiles for ${ids.join(', ') || 'nobody'}`,
      timeout,
    })
    .toEqual(ids.slice().sort());
}

/**
 * Before the page loads: its microphone is a steady loud tone, so that
 * whoever unmutes is clearly the one speaking; the camera stays the
 * browser's fake one.
 *
 * Chromium's fake microphone only beeps now and then, so there the tone is an
 * oscillator. Firefox's fake microphone (`media.navigator.streams.fake`) is
 * already a steady 1 kHz tone (the server reads about -23 dBov from it), and
 * an oscillator would be silent there: Firefox starts an AudioContext only on
 * an audio output device, and the test namespace has none, so the context
 * stays 'suspended' and resume() never settles.
 */
export async function useToneMicrophone(page: Page): Promise<void> {
  if (page.context().browser()?.browserType().name() === 'firefox') return;
  await page.addInitScript(() => {
    const devices = navigator.mediaDevices;
    // about:blank and other insecure documents have no mediaDevices: nothing to replace there.
    if (!devices) return;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const wantsAudio = Boolean(constraints && constraints.audio);
      const stream = await original({ ...constraints, audio: false });
      if (!wantsAudio) return stream;
      const context = new AudioContext();
      const tone = context.createOscillator();
      const gain = context.createGain();
      const out = context.createMediaStreamDestination();
      tone.frequency.value = 440;
      gain.gain.value = 0.8;
      tone.connect(gain).connect(out);
      tone.start();
      void context.resume();
      for (const track of out.stream.getAudioTracks()) stream.addTrack(track);
      return stream;
    };
  });
}
