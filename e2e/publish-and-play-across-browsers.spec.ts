/**
 * A user publishes from this project's browser and a user of another browser
 * plays it (the project's `otherEngine`: Chromium ↔ Firefox, so the two
 * projects together cover both directions). Both ends must agree on a video
 * codec the server relays.
 */
import { test, expect } from './helpers/test';
import { expectPictureAndSound, playFromDemo, publishFromDemo, uniqueStreamId, videoCodec } from './helpers/demo';
import { MATRIX_NOTE, OTHER_BROWSER_FEATURE } from './helpers/matrix';

/** Video codecs the relay forwards (H.264 joins when the server offers it). */
const RELAYED_VIDEO_CODECS = ['video/VP8', 'video/H264'];

test(
  'a viewer in another browser sees and hears the stream this browser publishes',
  { annotation: { type: OTHER_BROWSER_FEATURE, description: 'a viewer in this browser sees and hears a stream another browser publishes' } },
  async ({ openDemo, openDemoInOtherBrowser }, testInfo) => {
    // Arrange: someone publishes from this browser.
    const streamId = uniqueStreamId(testInfo);
    const publisher = await publishFromDemo(openDemo, streamId);

    // Act: someone on the other browser plays it.
    const viewer = await playFromDemo(openDemoInOtherBrowser, streamId);

    // Assert: picture and sound arrive, in the codec the publisher sends.
    await expectPictureAndSound(viewer);
    const sent = await videoCodec(publisher);
    const received = await videoCodec(viewer);
    expect(RELAYED_VIDEO_CODECS, `publisher's outbound video codec`).toContain(sent);
    expect(received, `viewer's inbound video codec`).toBe(sent);
    testInfo.annotations.push({ type: MATRIX_NOTE, description: sent!.replace('video/', '') });
  },
);
