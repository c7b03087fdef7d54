/** The WebRTCAdaptor's sound meters, plugins, event aliases and track replacement: Ant Media's names and callback strings. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SoundMeter } from '../media/soundMeter.js';
import { adaptor, publishing } from '../testing/adaptorHarness.js';
import { asStream, FakeStream, FakeTrack, installFakeMediaDevices } from '../testing/FakeMedia.js';
import { flush } from '../testing/FakePeer.js';
import { WebRTCAdaptor } from './WebRTCAdaptor.js';

let devices: ReturnType<typeof installFakeMediaDevices>;
beforeEach(() => (devices = installFakeMediaDevices()));
afterEach(() => devices.restore());

/** Every meter reads `level.value`. */
function meters() {
  const level = { value: 0 };
  const made: string[] = [];
  const soundMeter = (track: MediaStreamTrack): SoundMeter => {
    made.push(track.id);
    return { level: () => level.value, stop: () => undefined };
  };
  return { level, made, soundMeter };
}


describe('WebRTCAdaptor sound meters', () => {
  it('enableAudioLevelForLocalStream calls back with the microphone level every period until disabled', async () => {
    const { level, made, soundMeter } = meters();
    const { instance, scheduler } = await adaptor({ soundMeter });
    const seen: number[] = [];
    await instance.enableAudioLevelForLocalStream((value) => seen.push(value), 100);
    assert.deepEqual(made, ['audio1'], 'it meters the captured microphone');
    level.value = 0.3;
    scheduler.advance(200);
    assert.deepEqual(seen, [0.3, 0.3]);
    instance.disableAudioLevelForLocalStream();
    scheduler.advance(200);
    assert.equal(seen.length, 2);
  });

  it("enableAudioLevelWhenMuted: 'speaking_but_muted' once the muted microphone hears speech", async () => {
    const { level, soundMeter } = meters();
    const { instance, scheduler, names } = await adaptor({ soundMeter });
    await instance.enableAudioLevelWhenMuted();
    level.value = 0.4;
    scheduler.advance(200);
    assert.ok(!names().includes('speaking_but_muted'), 'not muted yet');
    instance.muteLocalMic();
    await flush();
    scheduler.advance(200);
    assert.equal(names().filter((n) => n === 'speaking_but_muted').length, 1);
    instance.disableAudioLevelWhenMuted();
    scheduler.advance(1000);
    assert.equal(names().filter((n) => n === 'speaking_but_muted').length, 1);
  });

  it("enableAudioLevel + getSoundLevelList → 'gotSoundList' keyed by streamId", async () => {
    const { level, soundMeter } = meters();
    const { instance, events } = await adaptor({ soundMeter });
    instance.enableAudioLevel(asStream(new FakeStream([new FakeTrack('audio', 'remote-a')])), 'room1');
    level.value = 0.5;
    instance.getSoundLevelList(['room1']);
    assert.deepEqual(events.at(-1), ['gotSoundList', { room1: '0.50' }]);
  });

  it("a local meter without local media is a 'NoActiveConnection' callbackError", async () => {
    const { soundMeter } = meters();
    const { instance, errors } = await adaptor({ soundMeter, mediaConstraints: { video: false, audio: false }, isPlayMode: true });
    await assert.rejects(instance.enableAudioLevelForLocalStream(() => undefined));
    assert.equal(errors.at(-1)![0], 'NoActiveConnection');
  });
});

describe('WebRTCAdaptor events and plugins', () => {
  it('notifyEventListeners and notifyErrorEventListeners reach the callbacks and the listeners', async () => {
    const { instance, events, errors } = await adaptor();
    const heard: string[] = [];
    instance.addEventListener((info) => heard.push(info));
    instance.addErrorEventListener((error) => heard.push(`error:${error}`));
    instance.notifyEventListeners('custom_event', { a: 1 });
    instance.notifyErrorEventListeners('custom_error', 'why');
    assert.deepEqual(events.at(-1), ['custom_event', { a: 1 }]);
    assert.deepEqual(errors.at(-1), ['custom_error', 'why']);
    assert.deepEqual(heard, ['custom_event', 'error:custom_error']);
  });

  it('WebRTCAdaptor.register: each new adaptor is handed to the plugin', async () => {
    const seen: unknown[] = [];
    WebRTCAdaptor.register((instance) => seen.push(instance));
    const { instance } = await adaptor();
    assert.deepEqual(seen, [instance]);
  });
});

describe('WebRTCAdaptor track replacement', () => {
  it('updateVideoTrack / updateAudioTrack replace what the publisher sends, without a new offer', async () => {
    const { instance, peers, socket } = await publishing();
    const offers = socket.commands().filter((c) => c === 'takeConfiguration:offer').length;
    await instance.updateVideoTrack(asStream(new FakeStream([new FakeTrack('video', 'canvas1')])), 's1');
    await instance.updateAudioTrack(asStream(new FakeStream([new FakeTrack('audio', 'music1')])), 's1');
    assert.deepEqual(peers.last().calls.filter((c) => c.startsWith('replaceTrack')), ['replaceTrack:video:canvas1', 'replaceTrack:audio:music1']);
    assert.equal(socket.commands().filter((c) => c === 'takeConfiguration:offer').length, offers);
  });

  it("updateVideoTrack of a stream not published is a 'WebSocketNotConnected' callbackError", async () => {
    const { instance, errors } = await adaptor();
    await assert.rejects(instance.updateVideoTrack(asStream(new FakeStream([new FakeTrack('video', 'v')])), 'nope'));
    assert.equal(errors.at(-1)![0], 'WebSocketNotConnected');
  });
});

describe('WebRTCAdaptor applyConstraints', () => {
  it("applies video constraints to the camera, a { video, audio } pair by kind, and Ant Media's older (streamId, constraints) form", async () => {
    const { instance } = await adaptor();
    const [audio, video] = (['audio', 'video'] as const).map((kind) => instance.localMedia!.stream.getTracks().find((t) => t.kind === kind) as unknown as FakeTrack);
    await instance.applyConstraints({ frameRate: 15 });
    await instance.applyConstraints({ audio: { echoCancellation: false }, video: { width: 640 } });
    await instance.applyConstraints('stream1', { frameRate: 10 });
    assert.deepEqual(video!.constraints, [{ frameRate: 15 }, { width: 640 }, { frameRate: 10 }]);
    assert.deepEqual(audio!.constraints, [{ echoCancellation: false }]);
    await assert.rejects(instance.applyConstraints('stream1'), TypeError);
  });
});

describe('WebRTCAdaptor options and media as Ant Media sample pages use them', () => {
  it('captures nothing when isPlayMode or onlyDataChannel is the string a page read from its URL ("true")', async () => {
    await adaptor({ isPlayMode: 'true' });
    await adaptor({ onlyDataChannel: 'true' });
    assert.deepEqual(devices.requests, []);
  });

  it('publishes the localStream the page gives (a canvas, say) without opening the camera', async () => {
    const given = asStream(new FakeStream([new FakeTrack('video', 'canvas'), new FakeTrack('audio', 'mic')]));
    const { instance, peers } = await publishing({ localStream: given });
    assert.deepEqual(devices.requests, []);
    assert.equal(instance.localMedia?.stream, given);
    assert.equal(peers.last().localStream, given);
  });

  it('switchVideoCameraCapture with an id that names no camera ("camera", a radio value) goes back from the screen to the camera', async () => {
    const { instance, errors } = await publishing();
    await instance.switchDesktopCapture('s1');
    assert.ok(instance.localMedia!.screenSharing);
    await instance.switchVideoCameraCapture('s1', 'camera');
    assert.ok(!instance.localMedia!.screenSharing);
    const [video] = instance.localMedia!.stream.getVideoTracks();
    assert.ok(video && !(video as unknown as FakeTrack).stopped);
    assert.deepEqual(errors, []);
    assert.ok(devices.requests.every((r) => !JSON.stringify(r).includes('"exact":"camera"')), 'never asked for a device named "camera"');
  });

  it('switchVideoCameraCapture opens a listed camera by its id', async () => {
    const { instance } = await publishing();
    await instance.switchVideoCameraCapture('s1', 'cam1');
    assert.equal((instance.localMedia!.stream.getVideoTracks()[0] as unknown as FakeTrack).deviceId, 'cam1');
  });
});
