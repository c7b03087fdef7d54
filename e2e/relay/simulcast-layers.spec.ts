/**
 * A publisher sends three simulcast layers; each viewer gets the layer it
 * forces, switches quickly without freezing, and is moved by bandwidth.
 */
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import {
  THREE_LAYERS,
  expectDecodedHeight,
  inboundVideo,
  rawPlay,
  rawPublish,
  resolutionChanges,
  viewerSends,
} from '../helpers/rawClient';

test.describe.configure({ timeout: 60_000 });

test('two viewers forced to different layers see different resolutions at the same time', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await rawPublish(await openDemo('/'), streamId, THREE_LAYERS);
  const low = await openDemo('/');
  const high = await openDemo('/');
  await rawPlay(low, streamId);
  await rawPlay(high, streamId);

  await viewerSends(low, { command: 'forceStreamQuality', streamId, streamHeight: 180 });
  await viewerSends(high, { command: 'forceStreamQuality', streamId, streamHeight: 720 });

  await expectDecodedHeight(low, 180);
  await expectDecodedHeight(high, 720);
  expect((await inboundVideo(low)).frameHeight).toBe(180);
  expect(await resolutionChanges(low)).toContain(180);
});

test('a forced switch shows the new resolution within a second without a long freeze', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await rawPublish(await openDemo('/'), streamId, THREE_LAYERS);
  const viewer = await openDemo('/');
  await rawPlay(viewer, streamId);
  await viewerSends(viewer, { command: 'forceStreamQuality', streamId, streamHeight: 720 });
  await expectDecodedHeight(viewer, 720);
  const before = await inboundVideo(viewer);

  await viewerSends(viewer, { command: 'forceStreamQuality', streamId, streamHeight: 360 });
  const elapsed = await expectDecodedHeight(viewer, 360);

  const after = await inboundVideo(viewer);
  expect(elapsed).toBeLessThan(1000);
  expect(after.totalFreezesDuration - before.totalFreezesDuration).toBeLessThan(0.5);
  expect((await resolutionChanges(viewer)).at(-1)).toBe(360);
});

test('a viewer whose bandwidth is capped moves down, and back up when released', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await rawPublish(await openDemo('/'), streamId, THREE_LAYERS);
  const viewer = await openDemo('/');
  await rawPlay(viewer, streamId);
  await expectDecodedHeight(viewer, 720);

  await viewerSends(viewer, { command: 'relayTestKnob', streamId, bandwidthCap: 250_000 });
  await expectDecodedHeight(viewer, 180, 5000);
  expect((await resolutionChanges(viewer)).at(-1)).toBe(180);

  await viewerSends(viewer, { command: 'relayTestKnob', streamId, bandwidthCap: 0 });
  await expectDecodedHeight(viewer, 720, 15_000);
  expect((await resolutionChanges(viewer)).at(-1)).toBe(720);
});
