/**
 * A viewer on the official Ant Media SDK asks to play a stream that is not
 * there, or whose id is not valid, and its `callbackError` says which.
 */
import { uniqueStreamId } from '../helpers/demo';
import { expect, test } from './officialClient';

test('playing a stream nobody publishes reports no_stream_exist to the official SDK', async ({ officialClient }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const viewer = await officialClient('viewer', { isPlayMode: true });

  await viewer.call('play', streamId);

  const error = await viewer.error('no_stream_exist');
  expect(error.obj).toMatchObject({ command: 'error', definition: 'no_stream_exist', streamId });
});

test('playing an invalid stream id reports invalidStreamName to the official SDK', async ({ officialClient }) => {
  const viewer = await officialClient('viewer', { isPlayMode: true });

  await viewer.call('play', 'bad id!');

  const error = await viewer.error('invalidStreamName');
  expect(error.obj).toMatchObject({ command: 'error', definition: 'invalidStreamName' });
});

test('a viewer on the official SDK waiting for an absent stream is told when it starts, then plays it', async ({ officialClient }, testInfo) => {
  // Arrange: the viewer asked too early and got no_stream_exist.
  const streamId = uniqueStreamId(testInfo);
  const viewer = await officialClient('viewer', { isPlayMode: true, reconnectIfRequiredFlag: false });
  await viewer.call('play', streamId);
  await viewer.error('no_stream_exist');

  // Act: the stream goes live.
  const publisher = await officialClient('publisher');
  await publisher.call('publish', streamId);

  // Assert: the viewer hears about it, and playing now works (what Ant Media apps do on streaming_started).
  await viewer.callback('streaming_started', (m) => m.streamId === streamId);
  await viewer.call('stop', streamId);
  await viewer.call('play', streamId);
  await viewer.callback('play_started', (m) => m.streamId === streamId);
  await viewer.expectMediaFrom(streamId);
});
