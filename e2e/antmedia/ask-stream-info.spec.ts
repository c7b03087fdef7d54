/**
 * A viewer on the official Ant Media SDK asks what a live stream offers
 * (`getStreamInfo`), as Ant Media's player does before offering qualities.
 */
import { uniqueStreamId } from '../helpers/demo';
import { expect, officialPublishAndPlay, test } from './officialClient';

test('a viewer on the official SDK asks for a live stream\'s information and gets its resolutions and bitrates', async ({ officialClient }, testInfo) => {
  // Arrange: a live stream, and a viewer playing it (the usual moment to ask).
  const streamId = uniqueStreamId(testInfo);
  const { viewer } = await officialPublishAndPlay(officialClient, streamId);

  // Act
  await viewer.call('getStreamInfo', streamId);

  // Assert: the official SDK forwards `streamInformation` as a callback of that name.
  const info = await viewer.callback('streamInformation', (m) => m.streamId === streamId);
  expect(info.obj.command).toBe('streamInformation');
  expect(Array.isArray(info.obj.streamInfo), `streamInfo should be an array: ${JSON.stringify(info.obj)}`).toBe(true);
  expect(info.obj.streamInfo.length).toBeGreaterThan(0);
  for (const rendition of info.obj.streamInfo) {
    expect(rendition).toEqual({
      streamWidth: expect.any(Number),
      streamHeight: expect.any(Number),
      videoBitrate: expect.any(Number),
      audioBitrate: expect.any(Number),
      videoCodec: expect.any(String),
    });
  }
  // Media has been flowing for a while, so the size of the picture is known.
  expect(info.obj.streamInfo[0].streamWidth).toBeGreaterThan(0);
  expect(info.obj.streamInfo[0].streamHeight).toBeGreaterThan(0);
  expect(await viewer.errors()).toEqual([]);
});
