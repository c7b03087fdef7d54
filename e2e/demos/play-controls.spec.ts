/**
 * A viewer uses the controls of the play page: the quality selector, sound,
 * audio only and the live chart; and sees in words when the publisher stops.
 */
import { test, expect } from '../helpers/test';
import { expectPictureAndSound, expectState, publishAndPlayFromDemos, publishFromDemo, uniqueStreamId } from '../helpers/demo';
import { framesDecoded } from './pageState';

test('the viewer picks a quality layer from the list and the picture keeps coming', async ({ openDemo }, testInfo) => {
  const { viewer } = await publishAndPlayFromDemos(openDemo, uniqueStreamId(testInfo));
  const quality = viewer.locator('#quality');
  await expect(quality).toBeEnabled();
  await expect.poll(() => quality.locator('option').count(), { message: 'Automatic plus the layers of getStreamInfo' }).toBeGreaterThan(1);
  const heights = await quality.locator('option').evaluateAll((options: HTMLOptionElement[]) => options.map((o) => o.value));
  expect(heights[0]).toBe('auto');

  await quality.selectOption(heights[heights.length - 1]!);
  await expect(viewer.locator('#layer')).toContainText(/\d+p/);
  await quality.selectOption('auto');
  await expect(viewer.locator('#layer')).toContainText('The server picks the layer');

  const decoded = await framesDecoded(viewer);
  await expect.poll(() => framesDecoded(viewer)).toBeGreaterThan(decoded + 10);
  await expect(viewer.locator('#error')).toBeHidden();
});

test('a viewer who waited for the publisher gets every layer in the quality list, each with its bitrate; quality and audio only are off while waiting', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const viewer = await openDemo(`/play.html?streamId=${streamId}`);
  await viewer.locator('#play').click();
  await expectState(viewer, 'waiting');
  await expect(viewer.locator('#quality')).toBeDisabled();
  await expect(viewer.locator('#audioOnly')).toBeDisabled();

  // The viewer starts with the publisher's first packets, before every simulcast layer is up and measured.
  await publishFromDemo(openDemo, streamId);
  await expectState(viewer, 'playing');
  await expect(viewer.locator('#audioOnly')).toBeEnabled();
  const listed = () => viewer.locator('#quality option').evaluateAll((options: HTMLOptionElement[]) => options.map((o) => o.text));
  const layers = () =>
    viewer.evaluate(async () => {
      const player = (window as unknown as { relayDemo: { player: { getStreamInfo(): Promise<{ streamHeight: number; videoBitrate: number }[]> } } }).relayDemo.player;
      const info = await player.getStreamInfo();
      return [...new Set(info.map((layer) => layer.streamHeight))].filter((height) => height > 0).sort((a, b) => b - a);
    });
  await expect
    .poll(async () => {
      const [texts, heights] = [await listed(), await layers()];
      return texts.length === heights.length + 1 && heights.every((height, i) => new RegExp(`^${height}p · (?!0 )[\\d.]+ [kM]bit/s$`).test(texts[i + 1]!));
    }, { timeout: 20_000, message: 'the list shows every layer of getStreamInfo, with a measured bitrate' })
    .toBe(true);
  expect((await listed())[0]).toBe('Automatic');
  expect(await layers(), 'simulcast: more than one layer').not.toHaveLength(1);
  // The list stays live: the bitrates it shows move with the stream's.
  const shown = (await listed()).join(' | ');
  await expect.poll(async () => (await listed()).join(' | '), { timeout: 16_000, message: 'the list is asked for again' }).not.toBe(shown);
});

test('the viewer mutes and unmutes the sound, and the chart shows the incoming bitrate', async ({ openDemo }, testInfo) => {
  const { viewer } = await publishAndPlayFromDemos(openDemo, uniqueStreamId(testInfo));
  const video = viewer.locator('#remoteVideo');

  await viewer.locator('#sound').click();
  await expect(viewer.locator('#sound')).toHaveText('Unmute sound');
  expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
  await viewer.locator('#sound').click();
  await expect(viewer.locator('#sound')).toHaveText('Mute sound');
  expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);

  await expect(viewer.locator('#stats')).toContainText(/\d+×\d+ · \d+ fps/);
  await expect(viewer.locator('#stats'), 'a viewer sends only RTCP: no outgoing estimate to show').not.toContainText('estimate');
  await expect(viewer.locator('#speaker option').first()).toBeAttached();
});

test('the viewer switches to audio only and back: the pictures stop arriving, then come again', async ({ openDemo }, testInfo) => {
  const { viewer } = await publishAndPlayFromDemos(openDemo, uniqueStreamId(testInfo));
  await expect.poll(() => framesDecoded(viewer)).toBeGreaterThan(0);

  await viewer.locator('#audioOnly').click();
  await expect(viewer.locator('#audioOnly')).toHaveText('Video back');
  await expect(viewer.locator('#layer')).toHaveText('Video paused: the server sends sound only');
  await expect(viewer.locator('#quality')).toBeDisabled();
  await viewer.waitForTimeout(500); // frames already on their way
  const paused = await framesDecoded(viewer);
  await viewer.waitForTimeout(1500);
  expect(await framesDecoded(viewer), 'no new frames while audio only').toBe(paused);

  await viewer.locator('#audioOnly').click();
  await expect(viewer.locator('#audioOnly')).toHaveText('Audio only');
  await expect.poll(() => framesDecoded(viewer), { timeout: 5000 }).toBeGreaterThan(paused + 10);
  await expect(viewer.locator('#error')).toBeHidden();
});

test('when the publisher stops, the viewer is told, keeps no stale figures, and plays again when it comes back', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const { publisher, viewer } = await publishAndPlayFromDemos(openDemo, streamId);
  await expect(viewer.locator('#stats')).not.toBeEmpty();

  await publisher.locator('#stop').click();

  await expectState(publisher, 'stopped');
  await expectState(viewer, 'waiting');
  await expect(viewer.locator('#notice')).toHaveText(`The publisher stopped: it plays again as soon as “${streamId}” is back.`);
  await expect(viewer.locator('#stats')).toBeEmpty();
  await expect(viewer.locator('#layer')).toBeEmpty();
  await expect(viewer.locator('#stop')).toBeEnabled();

  await publisher.locator('#publish').click();
  await expectState(viewer, 'playing');
  await expectPictureAndSound(viewer);
});

test('a viewer who presses Play before the publisher starts waits, and the picture comes when the stream does', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const viewer = await openDemo(`/play.html?streamId=${streamId}`);
  await viewer.locator('#play').click();
  await expectState(viewer, 'waiting');
  await expect(viewer.locator('#notice')).toContainText(`Nobody publishes “${streamId}” yet`);
  await expect(viewer.locator('#error')).toBeHidden();

  await publishFromDemo(openDemo, streamId);

  await expectState(viewer, 'playing', 5000);
  await expect(viewer.locator('#notice')).toBeHidden();
  await expect.poll(() => framesDecoded(viewer)).toBeGreaterThan(10);
  await expect(viewer.locator('#quality option')).not.toHaveCount(1);
});
