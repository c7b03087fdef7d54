/**
 * A user's camera and microphone are captured through the SDK and shown in a
 * local preview (fake devices in Chromium and Firefox, mock ones in WebKitGTK).
 */
import { test, expect } from '../helpers/test';
import { captureCameraAndMic, loadUmdBuild } from '../helpers/sdkInPage';

test('the camera and microphone are captured and the preview shows a picture', async ({ tab }) => {
  await tab.goto('/');
  await tab.run(loadUmdBuild, undefined);

  const capture = await tab.run(captureCameraAndMic, undefined);

  expect(capture.tracks).toEqual(
    expect.arrayContaining([
      { kind: 'audio', readyState: 'live' },
      { kind: 'video', readyState: 'live' },
    ]),
  );
  expect(capture.videoWidth, 'preview width').toBeGreaterThan(0);
  expect(capture.videoHeight, 'preview height').toBeGreaterThan(0);
});
