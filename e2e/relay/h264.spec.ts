/** A publisher that prefers H.264 is relayed as H.264: the viewer is offered that codec and decodes it. */
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import { inboundVideo, rawPlay, rawPublish } from '../helpers/rawClient';

test('an H.264 publisher is played as H.264', async ({ openDemo, engine }, testInfo) => {
  test.skip(engine !== 'chromium', "H.264 publishing is verified in Chromium; Firefox encodes H.264 with Cisco's separately downloaded OpenH264 plugin");
  const streamId = uniqueStreamId(testInfo);
  await rawPublish(await openDemo('/'), streamId, { codec: 'video/H264' });
  const viewer = await openDemo('/');

  await rawPlay(viewer, streamId);

  await expect.poll(async () => (await inboundVideo(viewer)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(10);
  const stats = await inboundVideo(viewer);
  expect(stats.mimeType).toBe('video/H264');
  expect(stats.frameHeight).toBeGreaterThan(0);
});
