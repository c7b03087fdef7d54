/**
 * A user publishes their camera from one browser and another user plays it.
 */
import { test, expect } from './helpers/test';
import { expectPictureAndSound, expectState, playFromDemo, publishFromDemo, uniqueStreamId } from './helpers/demo';

test('a viewer sees and hears the stream a publisher sends', async ({ openDemo }, testInfo) => {
  // Arrange: someone is publishing.
  const streamId = uniqueStreamId(testInfo);
  await publishFromDemo(openDemo, streamId);

  // Act: someone else plays that stream.
  const viewer = await playFromDemo(openDemo, streamId);

  // Assert: picture and sound keep arriving.
  await expectPictureAndSound(viewer);
});

test('playing a stream nobody publishes shows that it does not exist', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const viewer = await openDemo(`/play.html?streamId=${streamId}`);

  await viewer.locator('#play').click();

  await expectState(viewer, 'error');
  await expect(viewer.locator('#error')).toContainText(/no_stream_exist/i);
});
