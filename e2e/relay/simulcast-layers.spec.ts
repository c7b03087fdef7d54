/**
 * A publisher sends three simulcast layers; each viewer gets the layer it
 * forces, switches quickly without freezing, and is moved by bandwidth.
 */
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import {
  expectDecodedHeight,
  inboundVideo,
  layerHeights,
  rawPlay,
  rawPublish,
  resolutionChanges,
  simulcastFor,
  timeForcedSwitch,
  viewerSends,
} from '../helpers/rawClient';

test.describe.configure({ timeout: 60_000 });

test('two viewers forced to different layers see different resolutions at the same time', async ({ openDemo, engine }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await rawPublish(await openDemo('/'), streamId, simulcastFor(engine));
  const low = await openDemo('/');
  const high = await openDemo('/');
  await rawPlay(low, streamId);
  await rawPlay(high, streamId);
  const [lowest, , highest] = await layerHeights(low, streamId);

  await viewerSends(low, { command: 'forceStreamQuality', streamId, streamHeight: lowest });
  await viewerSends(high, { command: 'forceStreamQuality', streamId, streamHeight: highest });

  await expectDecodedHeight(low, lowest!);
  await expectDecodedHeight(high, highest!);
  expect((await inboundVideo(low)).frameHeight).toBe(lowest);
  expect(await resolutionChanges(low)).toContain(lowest);
});

test('a forced switch shows the new resolution within a second without a long freeze', async ({ openDemo, engine }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await rawPublish(await openDemo('/'), streamId, simulcastFor(engine));
  const viewer = await openDemo('/');
  await rawPlay(viewer, streamId);
  const [, middle, highest] = await layerHeights(viewer, streamId);
  await viewerSends(viewer, { command: 'forceStreamQuality', streamId, streamHeight: highest });
  await expectDecodedHeight(viewer, highest!);
  const before = await inboundVideo(viewer);

  const timing = await timeForcedSwitch(viewer, streamId, middle!);
  testInfo.annotations.push({ type: 'forced switch', description: `committed ${timing.committedMs} ms, decoded ${timing.decodedMs} ms` });
  await expectDecodedHeight(viewer, middle!);

  const after = await inboundVideo(viewer);
  expect(timing.decodedMs).toBeLessThan(1000);
  expect(after.totalFreezesDuration - before.totalFreezesDuration).toBeLessThan(0.5);
  expect((await resolutionChanges(viewer)).at(-1)).toBe(middle);
});

test('a viewer whose bandwidth is capped moves down, and back up when released', async ({ openDemo, engine }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await rawPublish(await openDemo('/'), streamId, simulcastFor(engine));
  const viewer = await openDemo('/');
  await rawPlay(viewer, streamId);
  const [lowest, , highest] = await layerHeights(viewer, streamId);
  await expectDecodedHeight(viewer, highest!);

  await viewerSends(viewer, { command: 'relayTestKnob', streamId, bandwidthCap: 60_000 });
  await expectDecodedHeight(viewer, lowest!, 5000);
  expect((await resolutionChanges(viewer)).at(-1)).toBe(lowest);

  await viewerSends(viewer, { command: 'relayTestKnob', streamId, bandwidthCap: 0 });
  await expectDecodedHeight(viewer, highest!, 15_000);
  expect((await resolutionChanges(viewer)).at(-1)).toBe(highest);
});
