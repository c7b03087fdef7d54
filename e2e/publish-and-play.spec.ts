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

test('playing a stream id that cannot exist shows why, in words', async ({ openDemo }) => {
  const viewer = await openDemo(`/play.html?streamId=${encodeURIComponent('no such id!')}`);

  await viewer.locator('#play').click();

  // Said before anything starts, in the words of the page's field.
  await expect(viewer.locator('#error')).toHaveText('“no such id!” cannot be a stream id: use letters, digits, “_”, “.” and “-” (no spaces).');
  await expectState(viewer, 'idle');
  await expect(viewer.locator('#play')).toBeEnabled();
});
// A stream nobody publishes yet is waited for: demos/play-controls.spec.ts.
