/**
 * A publisher uses the controls of the publish page while someone watches:
 * mute, camera off, switching camera, the quality cap and the live chart.
 */
import { test, expect } from '../helpers/test';
import { expectPictureAndSound, expectState, publishAndPlayFromDemos, publishFromDemo, uniqueStreamId } from '../helpers/demo';
import { framesDecoded, mediaState, outgoingKbps } from './pageState';

test('the publisher mutes, turns the camera off and back on, and the viewer keeps the stream', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const { publisher, viewer } = await publishAndPlayFromDemos(openDemo, streamId);

  await publisher.locator('#mute').click();
  await expect(publisher.locator('#mute')).toHaveText('Unmute');
  await publisher.locator('#cameraToggle').click();
  await expect(publisher.locator('#cameraToggle')).toHaveText('Camera on');
  expect(await mediaState(publisher)).toMatchObject({ microphoneMuted: true, cameraOff: true });

  await publisher.locator('#mute').click();
  await publisher.locator('#cameraToggle').click();
  await expect(publisher.locator('#mute')).toHaveText('Mute');
  await expect(publisher.locator('#cameraToggle')).toHaveText('Camera off');
  expect(await mediaState(publisher)).toMatchObject({ microphoneMuted: false, cameraOff: false });
  await expectPictureAndSound(viewer);
});

test('switching the camera swaps the track without interrupting the viewer', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const { publisher, viewer } = await publishAndPlayFromDemos(openDemo, streamId);
  const before = await mediaState(publisher);
  // The picker fills once the browser lists the devices (the capture does not wait for it).
  await expect(publisher.locator('#camera option')).not.toHaveCount(0);
  const cameras = await publisher.locator('#camera option').all();

  // Pick the last camera in the list (the only one, with one fake camera: it is opened again).
  await publisher.locator('#camera').selectOption({ index: cameras.length - 1 });

  await expect.poll(async () => (await mediaState(publisher)).videoTrackId).not.toBe(before.videoTrackId);
  const decoded = await framesDecoded(viewer);
  await expect.poll(() => framesDecoded(viewer), { message: 'the viewer keeps decoding frames' }).toBeGreaterThan(decoded + 10);
  await expect(publisher.locator('#state')).toHaveText('publishing');
});

test('the quality cap lowers the outgoing bitrate, and the chart and figures update', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const publisher = await openDemo(`/publish.html?streamId=${streamId}`);
  await publisher.locator('#quality').selectOption('2500');
  await publisher.locator('#publish').click();
  await expectState(publisher, 'publishing');
  await expect(publisher.locator('#stats')).toContainText(/\d+×\d+ · \d+ fps/);

  await publisher.locator('#quality').selectOption('250');

  await expect
    .poll(() => outgoingKbps(publisher), {
      message: 'outgoing media settles near the 250 kbit/s video cap (plus audio and packet overhead)',
      timeout: 15_000,
      intervals: [1000],
    })
    .toBeLessThan(500);
  const drawn = await publisher.locator('#chart').evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL().length);
  expect(drawn).toBeGreaterThan(2000);
});

test('a microphone picked while live is the one the next publish opens, after Stop', async ({ openDemo }, testInfo) => {
  const publisher = await publishFromDemo(openDemo, uniqueStreamId(testInfo));
  await expect(publisher.locator('#microphone option')).not.toHaveCount(0);
  const microphones = await publisher.locator('#microphone option').allTextContents();
  test.skip(microphones.length < 2, `this browser offers ${microphones.length} fake microphone`);
  const other = microphones.find((label) => label !== microphones[0]) ?? '';
  await publisher.locator('#microphone').selectOption({ label: other });
  await expect.poll(async () => (await mediaState(publisher)).microphoneLabel).toBe(other);

  await publisher.locator('#stop').click();
  await expectState(publisher, 'stopped');
  await expect(publisher.locator('#microphone')).toBeEnabled();
  await publisher.locator('#publish').click();

  await expectState(publisher, 'publishing');
  expect((await mediaState(publisher)).microphoneLabel).toBe(other);
  await expect(publisher.locator('#microphone option:checked')).toHaveText(other);
});

test('a stream id the server would refuse is explained before the camera opens', async ({ openDemo }) => {
  const publisher = await openDemo('/publish.html');
  await publisher.locator('#streamId').fill('my stream');
  await publisher.locator('#publish').click();

  await expect(publisher.locator('#error')).toHaveText('“my stream” cannot be a stream id: use letters, digits, “_”, “.” and “-” (no spaces).');
  await expect(publisher.locator('#publish')).toBeEnabled();
  expect(await publisher.evaluate(() => (window as unknown as { relayDemo: { media: unknown } }).relayDemo.media)).toBeNull();
});

test('Stop pressed while the camera is still opening leaves it off', async ({ openDemo }, testInfo) => {
  const page = await openDemo(`/publish.html?streamId=${uniqueStreamId(testInfo)}`);
  // Both in one task: a click with the mouse cannot land inside the few ms the fake camera takes to open.
  await page.evaluate(() => {
    (document.getElementById('publish') as HTMLButtonElement).click();
    (document.getElementById('stop') as HTMLButtonElement).click();
  });
  await expectState(page, 'stopped');
  await page.waitForTimeout(2000); // the camera opens meanwhile
  await expect(page.locator('#state')).toHaveText('stopped');
  expect(await page.locator('#localVideo').evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();
  expect(await page.evaluate(() => (window as unknown as { relayDemo: { media: unknown } }).relayDemo.media)).toBeNull();
});

test('a publish the server refuses shows why, in words', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await publishFromDemo(openDemo, streamId);

  const second = await openDemo(`/publish.html?streamId=${streamId}`);
  await second.locator('#publish').click();

  await expectState(second, 'error');
  await expect(second.locator('#error')).toContainText('This stream id is already in use');
  await expect(second.locator('#error')).toContainText('streamIdInUse');
  await expect(second.locator('#publish')).toBeEnabled();
});

test('the publisher shares the screen and goes back to the camera while the viewer watches', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const { publisher, viewer } = await publishAndPlayFromDemos(openDemo, streamId);
  const camera = await mediaState(publisher);

  await publisher.locator('#screen').click();

  await expect(publisher.locator('#screen')).toHaveText('Stop sharing');
  const sharing = await mediaState(publisher);
  expect(sharing.screenSharing).toBe(true);
  expect(sharing.videoLabel).not.toBe(camera.videoLabel);
  let decoded = await framesDecoded(viewer);
  await expect.poll(() => framesDecoded(viewer), { message: 'the viewer receives the screen' }).toBeGreaterThan(decoded + 5);

  await publisher.locator('#screen').click();

  await expect(publisher.locator('#screen')).toHaveText('Share screen');
  expect(await mediaState(publisher)).toMatchObject({ screenSharing: false, videoLabel: camera.videoLabel });
  decoded = await framesDecoded(viewer);
  await expect.poll(() => framesDecoded(viewer), { message: 'the viewer receives the camera again' }).toBeGreaterThan(decoded + 5);
  await expect(publisher.locator('#error')).toBeHidden();
});
