/**
 * A viewer on the official Ant Media SDK turns the server's video off and on
 * (`toggleVideo(streamId, streamId, enabled)`), as a player hiding its video
 * to save bandwidth does: the picture stops while the sound goes on, and
 * comes back when asked.
 */
import { uniqueStreamId } from '../helpers/demo';
import { expect, officialPublishAndPlay, test } from './officialClient';

test('a viewer on the official SDK stops and resumes the video the server sends it', async ({ officialClient }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const { viewer } = await officialPublishAndPlay(officialClient, streamId);

  await viewer.call('toggleVideo', streamId, streamId, false);
  await viewer.page.waitForTimeout(500); // frames already on their way
  const off = (await viewer.inbound(streamId))!;
  await viewer.page.waitForTimeout(1500);
  const stillOff = (await viewer.inbound(streamId))!;
  expect(stillOff.videoPackets, 'no video packets while toggled off').toBe(off.videoPackets);
  expect(stillOff.audioPackets, 'the sound goes on').toBeGreaterThan(off.audioPackets);

  await viewer.call('toggleVideo', streamId, streamId, true);
  await expect
    .poll(async () => (await viewer.inbound(streamId))?.videoFramesDecoded ?? 0, { message: 'frames are decoded again', timeout: 5000, intervals: [250] })
    .toBeGreaterThan(stillOff.videoFramesDecoded + 10);
  expect(await viewer.errors()).toEqual([]);
});
