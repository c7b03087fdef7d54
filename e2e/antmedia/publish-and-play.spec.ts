/**
 * Ant Media's own JS SDK (unmodified @antmedia/webrtc_adaptor) publishes to
 * and plays from our server, alone and mixed with the RelayRTC SDK.
 */
import { expectStatRising, expectState, publishFromDemo, uniqueStreamId } from '../helpers/demo';
import { expect, officialPublishAndPlay, test } from './officialClient';

test('a viewer on the official SDK sees and hears a stream published with the official SDK', async ({ officialClient }, testInfo) => {
  // Someone publishes their camera with the official SDK, someone else plays it: play_started, then
  // the picture decodes and the sound arrives (officialPublishAndPlay asserts both).
  const streamId = uniqueStreamId(testInfo);
  const { publisher, viewer } = await officialPublishAndPlay(officialClient, streamId);

  // And the official SDK saw the track arrive under the id idMapping gives it.
  const video = await viewer.callback('newTrackAvailable', (t) => t.kind === 'video');
  expect(video.obj).toMatchObject({ streamId, hasStream: true });
  expect(video.obj.trackId, 'idMapping gives the track id of the video m-line').toMatch(/^ARDAMSv/);
  expect(await publisher.errors()).toEqual([]);
  expect(await viewer.errors()).toEqual([]);
});

test('a RelayRTC viewer sees and hears a stream published with the official SDK', async ({ officialClient, openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const publisher = await officialClient('publisher');
  await publisher.call('publish', streamId);
  await publisher.callback('publish_started', (m) => m.streamId === streamId);

  const viewer = await openDemo(`/play.html?streamId=${streamId}`);
  await viewer.locator('#play').click();

  await expectState(viewer, 'playing');
  await expect
    .poll(() => viewer.locator('#remoteVideo').evaluate((v: HTMLVideoElement) => v.videoWidth), {
      message: '#remoteVideo should have a decoded picture (videoWidth > 0)',
    })
    .toBeGreaterThan(0);
  await expectStatRising(viewer, 'inbound video framesDecoded', (s) => s.video?.framesDecoded);
  await expectStatRising(viewer, 'inbound audio packetsReceived', (s) => s.audio?.packetsReceived);
  expect(await publisher.errors()).toEqual([]);
});

test('a viewer on the official SDK sees and hears a stream published with RelayRTC', async ({ officialClient, openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const publisher = await publishFromDemo(openDemo, streamId);

  const viewer = await officialClient('viewer', { isPlayMode: true });
  await viewer.call('play', streamId);

  await viewer.callback('play_started', (m) => m.streamId === streamId);
  await viewer.callback('newTrackAvailable', (t) => t.kind === 'video' && t.streamId === streamId);
  await viewer.expectMediaFrom(streamId);
  expect(await viewer.errors()).toEqual([]);
});
