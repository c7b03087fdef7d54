/**
 * A publisher on the official Ant Media SDK stops and at once publishes the
 * same stream id again on the same socket, as the SDK's own reconnect logic
 * does (antmedia-protocol.md §4.7 item 8).
 */
import { uniqueStreamId } from '../helpers/demo';
import { expect, test } from './officialClient';

test('a publisher on the official SDK stops and immediately publishes the same stream again', async ({ officialClient }, testInfo) => {
  // Arrange: a live stream.
  const streamId = uniqueStreamId(testInfo);
  const publisher = await officialClient('publisher');
  await publisher.call('publish', streamId);
  const first = await publisher.callback('publish_started', (m) => m.streamId === streamId);

  // Act: stop and publish again in the same task, no pause in between.
  await publisher.page.evaluate((id) => {
    const adaptor = (window as unknown as { adaptor: { stop(id: string): void; publish(id: string): void } }).adaptor;
    adaptor.stop(id);
    adaptor.publish(id);
  }, streamId);

  // Assert: the first session finished, a second one started, with no "in use" errors.
  const finished = await publisher.callback('publish_finished', (m) => m.streamId === streamId);
  const again = await publisher.callback('publish_started', (m) => m.streamId === streamId, undefined, first.seq);
  expect(again.seq, 'publish_finished comes before the second publish_started').toBeGreaterThan(finished.seq);
  expect(await publisher.errors()).toEqual([]);

  // And the new session carries media: a viewer sees it.
  const viewer = await officialClient('viewer', { isPlayMode: true });
  await viewer.call('play', streamId);
  await viewer.callback('play_started', (m) => m.streamId === streamId);
  await viewer.expectMediaFrom(streamId);
});
