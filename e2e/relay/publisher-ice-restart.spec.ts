/**
 * A publisher restarts ICE (what the SDK does first when its media path is
 * lost, before any re-publish): the server answers the new offer on the same
 * connection, so the viewer keeps playing the same stream without a
 * play_finished, and the publisher's connection carries on (its packet counter
 * keeps counting; a re-publish would start a new connection from zero).
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { expectStatRising, expectState, publishAndPlayFromDemos, uniqueStreamId } from '../helpers/demo';

/** Every value the page's #state takes from now on. */
async function recordStates(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { statesSeen: string[] }).statesSeen = seen;
    const state = document.getElementById('state')!;
    new MutationObserver(() => seen.push(state.textContent?.trim() ?? '')).observe(state, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { statesSeen: string[] }).statesSeen);
}

/** The publisher's outbound video packets, its local candidates and the one its selected pair uses, from its RTCPeerConnection's stats. */
function publisherTransport(page: Page): Promise<{ packetsSent: number; localCandidates: string[]; selectedLocal: string | undefined }> {
  return page.evaluate(async () => {
    const publisher = (window as unknown as { relayDemo: { publisher: { getStats(): Promise<RTCStatsReport> } } }).relayDemo.publisher;
    const report = await publisher.getStats();
    let packetsSent = 0;
    const localCandidates: string[] = [];
    let selectedPair: string | undefined;
    const pairs = new Map<string, string>();
    report.forEach((s: { type: string; kind?: string; packetsSent?: number; id: string; selectedCandidatePairId?: string; localCandidateId?: string; selected?: boolean; nominated?: boolean; state?: string }) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') packetsSent += s.packetsSent ?? 0;
      if (s.type === 'local-candidate') localCandidates.push(s.id);
      if (s.type === 'transport' && s.selectedCandidatePairId) selectedPair = s.selectedCandidatePairId;
      // Firefox has no transport stats: its pair in use says `selected`.
      if (s.type === 'candidate-pair' && s.localCandidateId) {
        pairs.set(s.id, s.localCandidateId);
        if (s.selected) selectedPair = s.id;
      }
    });
    return { packetsSent, localCandidates, selectedLocal: selectedPair === undefined ? undefined : pairs.get(selectedPair) };
  });
}

test('a publisher restarting ICE keeps its stream: the viewer keeps decoding and never leaves playing', async ({ openDemo }, testInfo) => {
  const { publisher, viewer } = await publishAndPlayFromDemos(openDemo, uniqueStreamId(testInfo));
  await expectStatRising(viewer, 'inbound video framesDecoded', (s) => s.video?.framesDecoded);
  const viewerStates = await recordStates(viewer);
  const publisherStates = await recordStates(publisher);
  const before = await publisherTransport(publisher);

  // Publisher.restartIce: what Recovery calls when the media connection fails or stays disconnected.
  const restarted = await publisher.evaluate(async () => {
    const demo = (window as unknown as { relayDemo: { publisher: { restartIce(): Promise<void> | undefined } } }).relayDemo;
    const restart = demo.publisher.restartIce();
    if (!restart) return 'restartIce() returned undefined (no connection, or no socket)';
    try {
      await restart;
      return 'reconnected';
    } catch (error) {
      return `failed: ${String(error)}`;
    }
  });
  expect(restarted).toBe('reconnected');

  await expect
    .poll(
      async () => {
        const { selectedLocal } = await publisherTransport(publisher);
        return selectedLocal !== undefined && !before.localCandidates.includes(selectedLocal);
      },
      { message: "the publisher's media goes over a candidate pair of the new ICE session", timeout: 15_000 },
    )
    .toBe(true);
  await expectStatRising(viewer, 'inbound video framesDecoded after the restart', (s) => s.video?.framesDecoded);
  const after = await publisherTransport(publisher);
  expect(after.packetsSent, 'the same connection kept sending (a re-publish would count from 0)').toBeGreaterThan(before.packetsSent);
  await expectState(viewer, 'playing');
  await expectState(publisher, 'publishing');
  expect(await viewerStates(), 'the viewer never left playing').toEqual([]);
  expect(await publisherStates(), 'the publisher never left publishing').toEqual([]);
});
