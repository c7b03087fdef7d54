/** Loss on a viewer's leg is repaired from the relay's history; a late viewer sees a picture at once. */
import type { Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import { captureFor, inboundVideo, loadRawClient, rawPlay, rawPublish, viewerSends } from '../helpers/rawClient';

test('a viewer losing 5% of its video packets keeps decoding with almost nothing lost', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await rawPublish(await openDemo('/'), streamId);
  const viewer = await openDemo('/');
  await rawPlay(viewer, streamId);
  await expect.poll(async () => (await inboundVideo(viewer)).framesDecoded).toBeGreaterThan(0);

  await viewerSends(viewer, { command: 'relayTestKnob', streamId, dropEveryNthVideoPacket: 20 });
  const before = await inboundVideo(viewer);
  await viewer.waitForTimeout(5000);
  const after = await inboundVideo(viewer);

  const received = after.packetsReceived - before.packetsReceived;
  expect(after.nackCount - before.nackCount, 'the viewer asked for the missing packets').toBeGreaterThan(received / 40);
  expect(after.packetsLost - before.packetsLost, 'retransmissions filled the gaps').toBeLessThanOrEqual(Math.ceil(received * 0.005));
  expect(after.framesDecoded - before.framesDecoded).toBeGreaterThan(50);
});

test('a viewer joining a running stream decodes its first frame within half a second', async ({ openDemo, engine }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  // A 720p Firefox publisher kept a core busy encoding while the join was timed (513-698 ms in 4 CI runs out of about 20).
  await rawPublish(await openDemo('/'), streamId, { video: captureFor(engine) });
  const viewer = await openDemo('/');
  await loadRawClient(viewer);
  await viewer.waitForTimeout(1500); // the stream is well under way

  // Up to three joins, each a new viewer (its own WebSocket and peer connection), until one is
  // within the limit: on a loaded shared machine one join can lose a scheduling slice (709 ms
  // with load average 12 on 2 cores), while a relay that made joiners wait for the publisher's
  // next keyframe (tens of seconds apart in Chromium) misses it every time.
  const joins: number[] = [];
  while (joins.length < 3 && !joins.some((ms) => ms < 500)) joins.push(await timeJoin(viewer, streamId));

  test.info().annotations.push({ type: 'first frame after (ms)', description: joins.map(Math.round).join(', ') });
  expect(Math.min(...joins)).toBeLessThan(500);
  expect((await inboundVideo(viewer)).framesDecoded, 'the browser counts it decoded').toBeGreaterThan(0);
});

/**
 * Ms from a new viewer's play request to the moment its element has its first decoded frame
 * (rawClient.js watches its size), not to when a getStats() poll would notice it. The viewer
 * before it, if any, is closed first; the new one stays as `window.viewer`.
 */
function timeJoin(viewer: Page, streamId: string): Promise<number> {
  return viewer.evaluate(async (streamId) => {
    const previous = (window as any).viewer;
    if (previous) {
      previous.pc.close();
      previous.signaling.ws.close();
      previous.video.remove();
    }
    const started = performance.now();
    const played = await (window as any).rawClient.play(`ws://${location.host}/LiveApp/websocket`, streamId);
    (window as any).viewer = played;
    while (played.firstFrameAt === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    return played.firstFrameAt - started;
  }, streamId);
}
