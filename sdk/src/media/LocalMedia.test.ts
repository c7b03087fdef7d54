import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { asStream, FakeStream, FakeTrack, installFakeMediaDevices } from '../testing/FakeMedia.js';
import { flush } from '../testing/FakePeer.js';
import { LocalMedia } from './LocalMedia.js';

let devices: ReturnType<typeof installFakeMediaDevices>;
beforeEach(() => (devices = installFakeMediaDevices()));
afterEach(() => devices.restore());

function cameraAndMic() {
  const mic = new FakeTrack('audio', 'mic', 'mic-device');
  const camera = new FakeTrack('video', 'cam', 'cam-device');
  const stream = new FakeStream([mic, camera]);
  const media = new LocalMedia(asStream(stream), { audio: true, video: { width: 640 } });
  const replaced: string[] = [];
  media.on('track', ({ kind, track }) => replaced.push(`${kind}:${track.id}`));
  return { mic, camera, stream, media, replaced };
}

describe('LocalMedia', () => {
  it('mutes the microphone and turns the camera off by disabling tracks (no new track, no renegotiation)', () => {
    const { mic, camera, media, replaced } = cameraAndMic();
    media.muteMicrophone();
    media.turnOffCamera();
    assert.equal(mic.enabled, false);
    assert.equal(camera.enabled, false);
    assert.ok(media.microphoneMuted && media.cameraOff);
    media.unmuteMicrophone();
    media.turnOnCamera();
    assert.ok(!media.microphoneMuted && !media.cameraOff);
    assert.deepEqual(replaced, []);
  });

  it("says 'NO_LOCAL_MEDIA' when there is nothing to mute", () => {
    const media = new LocalMedia(asStream(new FakeStream([])));
    assert.throws(() => media.muteMicrophone(), (e) => isRelayError(e, 'NO_LOCAL_MEDIA'));
  });

  it('switches the camera by device id: releases the old one, keeps the constraints, announces the new track', async () => {
    const { camera, stream, media, replaced } = cameraAndMic();
    media.turnOffCamera();
    await media.switchCamera('cam2');
    assert.ok(camera.stopped);
    assert.deepEqual(devices.requests, [{ video: { width: 640, deviceId: { exact: 'cam2' } } }]);
    const [video] = stream.getVideoTracks();
    assert.equal(video!.deviceId, 'cam2');
    assert.equal(video!.enabled, false, 'a camera that was off stays off');
    assert.deepEqual(replaced, [`video:${video!.id}`]);
  });

  it('keeps a live camera when the one asked for cannot be opened: the one before comes back, and the error is coded', async () => {
    devices.restore();
    devices = installFakeMediaDevices({ missing: ['unplugged'] });
    const { camera, stream, media } = cameraAndMic();
    media.turnOffCamera();
    await assert.rejects(media.switchCamera('unplugged'), (e) => isRelayError(e, 'MEDIA_OVERCONSTRAINED'));
    assert.ok(camera.stopped);
    const [video] = stream.getVideoTracks();
    assert.equal(stream.getVideoTracks().length, 1);
    assert.equal(video!.deviceId, 'cam-device');
    assert.ok(!(video as unknown as FakeTrack).stopped);
    assert.equal(video!.enabled, false, 'still off, as it was');
  });

  it('goes back to the camera used before a screen share when the camera asked for instead cannot be opened', async () => {
    devices.restore();
    devices = installFakeMediaDevices({ missing: ['unplugged'] });
    const { stream, media } = cameraAndMic();
    await media.startScreenShare();
    await assert.rejects(media.switchCamera('unplugged'));
    assert.ok(!media.screenSharing);
    assert.equal(stream.getVideoTracks()[0]!.deviceId, 'cam-device');
  });

  it('applies constraints to the live tracks, announcing the camera again so publishers refit their simulcast layers', async () => {
    const { mic, camera, media, replaced } = cameraAndMic();
    await media.applyConstraints({ width: 320, height: 240 });
    await media.applyConstraints({ audio: { echoCancellation: false } });
    assert.deepEqual(camera.constraints, [{ width: 320, height: 240 }]);
    assert.deepEqual(mic.constraints, [{ echoCancellation: false }]);
    assert.deepEqual(replaced, ['video:cam'], 'the same camera, now another size; a microphone change is not announced');
    await assert.rejects(media.applyConstraints(undefined as unknown as MediaTrackConstraints), TypeError);
  });

  it('switches the microphone the same way', async () => {
    const { mic, stream, media } = cameraAndMic();
    await media.switchMicrophone('mic2');
    assert.ok(mic.stopped);
    assert.equal(stream.getAudioTracks()[0]!.deviceId, 'mic2');
  });

  it('shares the screen instead of the camera and comes back to the same camera afterwards', async () => {
    const { camera, stream, media, replaced } = cameraAndMic();
    await media.startScreenShare();
    assert.ok(media.screenSharing && camera.stopped);
    const screen = stream.getVideoTracks()[0]!;
    assert.match(screen.id, /^screen/);
    await media.stopScreenShare();
    assert.ok(!media.screenSharing && screen.stopped);
    assert.equal(stream.getVideoTracks()[0]!.deviceId, 'cam-device');
    assert.equal(replaced.length, 2);
  });

  it('goes back to the camera and says so when the user ends the share from the browser', async () => {
    const { stream, media } = cameraAndMic();
    let ended = 0;
    media.on('screenShareEnded', () => ended++);
    await media.startScreenShare();
    stream.getVideoTracks()[0]!.end();
    await flush();
    assert.equal(ended, 1);
    assert.equal(stream.getVideoTracks()[0]!.deviceId, 'cam-device');
  });

  it("reports a refused screen share as 'SCREEN_SHARE_DENIED' and keeps the camera", async () => {
    devices.restore();
    devices = installFakeMediaDevices({ denyScreen: true });
    const { camera, stream, media } = cameraAndMic();
    await assert.rejects(media.startScreenShare(), (e) => isRelayError(e, 'SCREEN_SHARE_DENIED'));
    assert.equal(stream.getVideoTracks()[0], camera);
    assert.ok(!camera.stopped);
  });

  it("reports a screen share not started from a click (InvalidStateError, Firefox) as 'SCREEN_SHARE_DENIED', saying why", async () => {
    devices.restore();
    devices = installFakeMediaDevices({ denyScreen: 'InvalidStateError' });
    const { media } = cameraAndMic();
    await assert.rejects(media.startScreenShare(), (e) => isRelayError(e, 'SCREEN_SHARE_DENIED') && /user gesture|click/.test(e.message));
  });

  it('capture() maps getUserMedia refusals to coded errors', async () => {
    devices.restore();
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { mediaDevices: { getUserMedia: async () => Promise.reject(Object.assign(new Error('no'), { name: 'NotAllowedError' })) } },
    });
    await assert.rejects(LocalMedia.capture(), (e) => isRelayError(e, 'MEDIA_PERMISSION_DENIED'));
    Object.defineProperty(globalThis, 'navigator', { configurable: true, value: {} });
    Object.defineProperty(globalThis, 'isSecureContext', { configurable: true, value: false });
    await assert.rejects(LocalMedia.capture(), (e) => isRelayError(e, 'MEDIA_INSECURE_CONTEXT') && /https/.test(e.message));
    delete (globalThis as { isSecureContext?: boolean }).isSecureContext;
    devices = installFakeMediaDevices();
  });
});
