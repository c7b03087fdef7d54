/** Publisher and Player controls once live: media, bitrate, data channel, stats, stream info and quality. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { LocalMedia } from '../media/LocalMedia.js';
import { Notification, notificationMessage, startMessage, takeConfigurationMessage } from '../protocol/index.js';
import type { StreamStats } from '../stats/StatsSampler.js';
import { connectedClient } from '../testing/clientHarness.js';
import { asStream, FakeStream, FakeTrack, installFakeMediaDevices } from '../testing/FakeMedia.js';
import { fakeMediaStream, flush } from '../testing/FakePeer.js';

type Harness = Awaited<ReturnType<typeof connectedClient>>;

async function publish(h: Harness, source: Parameters<Harness['client']['publish']>[1], options = {}) {
  const publishing = h.client.publish('stream1', source, options);
  h.socket.receive(startMessage('stream1'));
  await flush();
  h.socket.receive(takeConfigurationMessage('stream1', 'answer', 'a'));
  h.socket.receive(notificationMessage(Notification.publishStarted, 'stream1'));
  return publishing;
}

async function play(h: Harness) {
  const playing = h.client.play('stream1');
  h.socket.receive(takeConfigurationMessage('stream1', 'offer', 'o', {}));
  await flush();
  h.socket.receive(notificationMessage(Notification.playStarted, 'stream1'));
  return playing;
}

let devices: ReturnType<typeof installFakeMediaDevices>;
beforeEach(() => (devices = installFakeMediaDevices()));
afterEach(() => devices.restore());

describe('Publisher controls', () => {
  it('swaps a switched camera into the live sender with replaceTrack, sending no signaling', async () => {
    const h = await connectedClient();
    const media = new LocalMedia(asStream(new FakeStream([new FakeTrack('audio', 'mic'), new FakeTrack('video', 'cam')])));
    const publisher = await publish(h, media);
    const before = h.socket.commands();
    await media.switchCamera('cam2');
    await flush();
    const newId = media.stream.getVideoTracks()[0]!.id;
    assert.equal(h.peers.last().calls.at(-1), `replaceTrack:video:${newId}`);
    assert.deepEqual(h.socket.commands(), before);
    assert.equal(publisher.media, media);
  });

  it('caps the bitrate in kbit/s, lifts the cap, and refuses nonsense', async () => {
    const h = await connectedClient();
    const publisher = await publish(h, fakeMediaStream(), { maxBitrateKbps: 900 });
    assert.equal(h.peers.last().sendOptions!.maxBitrate, 900_000);
    await publisher.changeBandwidth(300);
    await publisher.changeBandwidth('unlimited');
    assert.deepEqual(h.peers.last().calls.filter((c) => c.startsWith('setMaxBitrate')), ['setMaxBitrate:300000', 'setMaxBitrate:undefined']);
    await assert.rejects(publisher.changeBandwidth(-1), TypeError);
  });

  it('publishes data only: video and audio false, with a data channel', async () => {
    const h = await connectedClient();
    await publish(h, null, { dataChannel: false });
    assert.deepEqual(h.socket.messages()[0], { command: 'publish', streamId: 'stream1', video: false, audio: false });
    assert.deepEqual(h.peers.last().calls.slice(0, 1), ['createDataChannel:stream1']);
  });

  it('sends and receives on its data channel, with open and message events', async () => {
    const h = await connectedClient();
    const publisher = await publish(h, fakeMediaStream());
    const events: string[] = [];
    publisher.on('dataOpen', () => events.push('open'));
    publisher.on('message', (m) => events.push(`message:${m.data}`));
    await assert.rejects(publisher.send('too early'), (e) => isRelayError(e, 'DATA_CHANNEL_NOT_OPEN'));
    const channel = h.peers.last().channels[0]!;
    channel.open();
    await publisher.sendJSON({ hi: 1 });
    channel.receive('from a player');
    assert.deepEqual(channel.sent, ['{"hi":1}']);
    assert.deepEqual(events, ['open', 'message:from a player']);
  });

  it('emits stats every second while someone listens, correct from the first one', async () => {
    const h = await connectedClient();
    const publisher = await publish(h, fakeMediaStream());
    const peer = h.peers.last();
    peer.stats = [{ id: 'o', type: 'outbound-rtp', kind: 'video', bytesSent: 125_000, packetsSent: 100 }];
    const samples: StreamStats[] = [];
    publisher.on('stats', (s) => samples.push(s));
    h.scheduler.advance(1000);
    await flush();
    peer.stats = [{ id: 'o', type: 'outbound-rtp', kind: 'video', bytesSent: 250_000, packetsSent: 200 }];
    h.scheduler.advance(1000);
    await flush();
    assert.deepEqual(samples.map((s) => s.bitrateOut), [1000, 1000]);
  });
});

describe('Player controls', () => {
  it('asks for stream info and resolves with the layers', async () => {
    const h = await connectedClient();
    const player = await play(h);
    const asking = player.getStreamInfo();
    assert.deepEqual(h.socket.messages().at(-1), { command: 'getStreamInfo', streamId: 'stream1' });
    const layer = { streamWidth: 640, streamHeight: 480, videoBitrate: 1e6, audioBitrate: 32e3, videoCodec: 'VP8' };
    h.socket.receive({ command: 'streamInformation', streamId: 'stream1', streamInfo: [layer] });
    assert.deepEqual(await asking, [layer]);
  });

  it('forces a quality and resolves on resolutionChangeInfo, emitting resolutionChange', async () => {
    const h = await connectedClient();
    const player = await play(h);
    const heights: number[] = [];
    player.on('resolutionChange', (height) => heights.push(height));
    const forcing = player.forceStreamQuality(240);
    assert.deepEqual(h.socket.messages().at(-1), { command: 'forceStreamQuality', streamId: 'stream1', streamHeight: 240 });
    // A switch already under way (the server placing the new viewer) lands first: not the answer.
    h.socket.receive(notificationMessage(Notification.resolutionChangeInfo, 'stream1', { streamHeight: 720 }));
    h.socket.receive(notificationMessage(Notification.resolutionChangeInfo, 'stream1', { streamHeight: 240 }));
    assert.equal(await forcing, 240);
    assert.deepEqual(heights, [720, 240]);
    const auto = player.forceStreamQuality('auto');
    assert.equal(h.socket.messages().at(-1)!.streamHeight, 0);
    h.scheduler.advance(3000);
    assert.equal(await auto, undefined, 'nothing to switch: resolves after the grace period');
  });

  it("a request whose signal was aborted before rejects with 'ABORTED' and is not sent", async () => {
    const h = await connectedClient();
    const player = await play(h);
    const before = h.socket.messages().length;
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(player.getStreamInfo({ signal: controller.signal }), (e) => isRelayError(e, 'ABORTED'));
    assert.equal(h.socket.messages().length, before);
  });

  it('an error answering a request rejects the request, not the stream', async () => {
    const h = await connectedClient();
    const player = await play(h);
    const asking = player.getStreamInfo();
    h.socket.receive({ command: 'error', definition: 'no_stream_exist', streamId: 'stream1' });
    await assert.rejects(asking, (e) => isRelayError(e, 'NO_STREAM_EXIST'));
    assert.equal(player.state, 'playing');
  });

  it('setReceiving sends toggleVideo/toggleAudio with trackId = its stream, resolving once sent; refuses bad arguments and a closed socket', async () => {
    const h = await connectedClient();
    const player = await play(h);
    const before = h.socket.messages().length;
    await player.setReceiving({ video: false });
    await player.setReceiving({ video: true, audio: false });
    assert.deepEqual(h.socket.messages().slice(before), [
      { command: 'toggleVideo', streamId: 'stream1', trackId: 'stream1', enabled: false },
      { command: 'toggleVideo', streamId: 'stream1', trackId: 'stream1', enabled: true },
      { command: 'toggleAudio', streamId: 'stream1', trackId: 'stream1', enabled: false },
    ]);
    const errors: string[] = [];
    player.on('error', (e) => errors.push(e.code));
    h.socket.receive({ command: 'error', definition: 'invalidParameter', streamId: 'stream1' });
    assert.deepEqual([errors, player.state], [['INVALID_PARAMETER'], 'playing'], 'a refusal is an error event; the stream plays on');
    await assert.rejects(player.setReceiving({}), TypeError);
    await assert.rejects(player.setReceiving({ audio: 'no' as unknown as boolean }), TypeError);
    h.socket.drop();
    await assert.rejects(player.setReceiving({ audio: true }), (e) => isRelayError(e, 'NOT_CONNECTED'));
    assert.equal(h.socket.messages().length, before + 3);
  });

  it('sends what setReceiving turned off again with the next answer, so a re-play keeps it off', async () => {
    const h = await connectedClient();
    const player = await play(h);
    await player.setReceiving({ video: false, audio: true });
    const before = h.socket.messages().length;
    h.socket.receive(takeConfigurationMessage('stream1', 'offer', 'o2', {}));
    await flush();
    assert.deepEqual(h.socket.messages().slice(before), [
      { command: 'takeConfiguration', streamId: 'stream1', type: 'answer', sdp: h.socket.messages()[before]!.sdp },
      { command: 'toggleVideo', streamId: 'stream1', trackId: 'stream1', enabled: false },
    ]);
  });

  it("takes the server's data channel and relays messages both ways", async () => {
    const h = await connectedClient();
    const player = await play(h);
    const channel = h.peers.last().emitDataChannel('stream1');
    const received: unknown[] = [];
    player.on('message', (m) => received.push(m.data));
    channel.open();
    await player.send('hello publisher');
    channel.receive('hello players');
    assert.deepEqual(channel.sent, ['hello publisher']);
    assert.deepEqual(received, ['hello players']);
  });
});
