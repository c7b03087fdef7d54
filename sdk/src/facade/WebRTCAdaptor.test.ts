/** The WebRTCAdaptor facade: Ant Media's callbacks and strings, over fake sockets, peers and devices. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ErrorDefinition, errorMessage, Notification, notificationMessage, startMessage, takeConfigurationMessage } from '../protocol/index.js';
import { answerPlay } from '../testing/clientHarness.js';
import { adaptor, playing, publishing } from '../testing/adaptorHarness.js';
import { FakeDataChannel } from '../testing/FakeDataChannel.js';
import { installFakeMediaDevices } from '../testing/FakeMedia.js';
import { flush } from '../testing/FakePeer.js';
import { WebRTCAdaptor } from './WebRTCAdaptor.js';

let devices: ReturnType<typeof installFakeMediaDevices>;
beforeEach(() => (devices = installFakeMediaDevices()));
afterEach(() => devices.restore());

describe('WebRTCAdaptor facade', () => {
  it("throws Ant Media's message without a URL", () => {
    assert.throws(() => new WebRTCAdaptor({}), /WebSocket URL or HTTP Endpoint URL should be defined/);
  });

  it('captures the camera first, then says initialized and lists the devices', async () => {
    const { instance, names, events } = await adaptor();
    assert.ok(instance.localMedia, 'getUserMedia ran before the socket opened');
    assert.deepEqual(devices.requests, [{ video: true, audio: true }]);
    assert.ok(names().includes('initialized'));
    assert.deepEqual((events.find(([n]) => n === 'available_devices')![1] as Array<{ deviceId: string }>).map((d) => d.deviceId), ['cam1']);
  });

  it('publishes the local stream and forwards publish_started with the whole message', async () => {
    const { instance, socket, peers, events } = await adaptor();
    instance.publish('s1', 'tok');
    assert.deepEqual(socket.messages()[0], { command: 'publish', streamId: 's1', video: true, audio: true, token: 'tok' });
    socket.receive(startMessage('s1'));
    await flush();
    socket.receive(takeConfigurationMessage('s1', 'answer', 'a'));
    socket.receive(notificationMessage(Notification.publishStarted, 's1'));
    await flush();
    assert.deepEqual(events.find(([n]) => n === 'publish_started'), ['publish_started', { command: 'notification', definition: 'publish_started', streamId: 's1' }]);
    assert.equal(peers.last().sendOptions!.maxBitrate, 1_200_000, "Ant Media's 1200 kbit/s default");
  });

  it('lets the publish_started callback use the stream (enableStats, sendData), as Ant Media apps do', async () => {
    const { instance, socket } = await adaptor();
    let found: unknown;
    instance.addEventListener((info) => {
      if (info === 'publish_started') found = instance.remotePeerConnection.s1;
    });
    instance.publish('s1');
    socket.receive(startMessage('s1'));
    await flush();
    socket.receive(notificationMessage(Notification.publishStarted, 's1'));
    await flush();
    assert.ok(found, 'the stream is known when publish_started is reported');
  });

  it('plays in play mode (no camera) and reports tracks as newTrackAvailable with their idMapping track id', async () => {
    const { instance, socket, peers, names, events } = await adaptor({ isPlayMode: true });
    assert.equal(instance.localMedia, null);
    instance.play('s1');
    socket.receive(takeConfigurationMessage('s1', 'offer', 'o', { '0': 'ARDAMSas1', '1': 'ARDAMSvs1' }));
    await flush();
    const stream = { id: 'remote' } as unknown as MediaStream;
    const senderStream = { id: 's1' } as unknown as MediaStream;
    peers.last().events.safeEmit('track', { track: { kind: 'video' } as MediaStreamTrack, stream, mid: '1', senderStream });
    socket.receive(notificationMessage(Notification.playStarted, 's1'));
    await flush();
    peers.last().events.safeEmit('track', { track: { kind: 'audio' } as MediaStreamTrack, stream, mid: '0', senderStream });
    const tracks = events.filter(([n]) => n === 'newTrackAvailable').map(([, obj]) => obj as { trackId: string; streamId: string; stream: MediaStream });
    assert.deepEqual(tracks.map((t) => [t.streamId, t.trackId]), [['s1', 'ARDAMSvs1'], ['s1', 'ARDAMSas1']]);
    assert.ok(tracks.every((t) => t.stream === senderStream), "the browser's stream of the track (a=msid), as the official SDK passes it");
    assert.deepEqual(names().filter((n) => n.startsWith('new') || n.startsWith('play')), ['newTrackAvailable', 'newStreamAvailable', 'play_started', 'newTrackAvailable', 'newStreamAvailable']);
  });

  it("passes server errors through callbackError with the raw definition, once", async () => {
    const { instance, socket, errors } = await adaptor({ isPlayMode: true });
    instance.play('nobody');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'nobody'));
    await flush();
    assert.deepEqual(errors, [['no_stream_exist', { command: 'error', definition: 'no_stream_exist', streamId: 'nobody', error_code: '404' }]]);
  });

  it("waits for a stream that is not live yet, as the official SDK's retries do: no_stream_exist, then play_started when it starts", async () => {
    const { instance, socket, errors, names } = await adaptor({ isPlayMode: true });
    instance.play('later');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'later'));
    await flush();
    assert.deepEqual(errors.map(([e]) => e), ['no_stream_exist']);
    socket.receive(notificationMessage(Notification.streamingStarted, 'later'));
    await flush();
    socket.receive(takeConfigurationMessage('later', 'offer', 'o', {}));
    await flush();
    socket.receive(notificationMessage(Notification.playStarted, 'later'));
    await flush();
    assert.deepEqual(socket.commands(), ['play', 'play', 'takeConfiguration:answer']);
    assert.ok(names().includes('play_started'));
    assert.equal(errors.length, 1);
  });

  it('says reconnection_attempt_for_player before each play it sends again for a stream not live yet, as the official SDK does', async () => {
    const { instance, socket, scheduler, errors, names } = await adaptor({ isPlayMode: true });
    instance.play('later');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'later'));
    await flush();
    assert.deepEqual(names().filter((n) => n.startsWith('reconnection')), []);
    scheduler.advance(3_000);
    await flush();
    assert.deepEqual(names().filter((n) => n.startsWith('reconnection')), ['reconnection_attempt_for_player']);
    assert.deepEqual(socket.commands(), ['play', 'play']);
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'later'));
    await flush();
    scheduler.advance(3_000);
    await flush();
    assert.deepEqual(names().filter((n) => n.startsWith('reconnection')), ['reconnection_attempt_for_player', 'reconnection_attempt_for_player']);
    assert.deepEqual(socket.commands(), ['play', 'play', 'play']);
    assert.deepEqual(errors.map(([e]) => e), ['no_stream_exist', 'no_stream_exist']);
  });

  it('publishes again every 3 s while the id is in use (another tab still has it), as the official SDK retries, until it goes through', async () => {
    const { instance, socket, scheduler, errors, names } = await adaptor();
    instance.publish('s1');
    await flush();
    socket.receive(errorMessage(ErrorDefinition.streamIdInUse, 's1'));
    await flush();
    assert.deepEqual(errors.map(([e]) => e), ['streamIdInUse']);
    scheduler.advance(2_999);
    assert.deepEqual(socket.commands(), ['publish']);
    scheduler.advance(1);
    await flush();
    assert.deepEqual(socket.commands(), ['publish', 'publish']);
    assert.deepEqual(names().filter((n) => n.startsWith('reconnection')), ['reconnection_attempt_for_publisher']);
    socket.receive(startMessage('s1'));
    await flush();
    socket.receive(takeConfigurationMessage('s1', 'answer', 'a'));
    socket.receive(notificationMessage(Notification.publishStarted, 's1'));
    await flush();
    assert.ok(names().includes('publish_started'));
    assert.equal(errors.length, 1);
  });

  it('says reconnection_attempt_for_publisher as soon as the WebSocket drops, not only once it is back (pages show "Reconnecting…" meanwhile)', async () => {
    const { socket, names } = await publishing();
    socket.drop(1006);
    await flush();
    assert.deepEqual(names().filter((n) => n.startsWith('reconnection')), ['reconnection_attempt_for_publisher']);
    assert.ok(names().includes('closed'));
  });

  it('plays again every 3 s while the server is too busy to take the play, as the official SDK retries', async () => {
    const { instance, socket, scheduler, errors, names } = await adaptor({ isPlayMode: true });
    instance.play('s1');
    socket.receive(errorMessage(ErrorDefinition.highResourceUsage, 's1'));
    await flush();
    scheduler.advance(3_000);
    await flush();
    assert.deepEqual(socket.commands(), ['play', 'play']);
    assert.deepEqual(names().filter((n) => n.startsWith('reconnection')), ['reconnection_attempt_for_player']);
    await answerPlay(socket, 's1');
    assert.ok(names().includes('play_started'));
    assert.deepEqual(errors.map(([e]) => e), ['highResourceUsage']);
  });

  it('does not publish again once the page stopped the refused id, nor when reconnectIfRequiredFlag is false', async () => {
    for (const { options, stop } of [{ options: {}, stop: true }, { options: { reconnectIfRequiredFlag: false }, stop: false }]) {
      const { instance, socket, scheduler } = await adaptor(options);
      instance.publish('s1');
      await flush();
      socket.receive(errorMessage(ErrorDefinition.streamIdInUse, 's1'));
      await flush();
      if (stop) instance.stop('s1');
      scheduler.advance(10_000);
      await flush();
      assert.deepEqual(socket.commands().filter((c) => c === 'publish'), ['publish']);
    }
  });

  it("lets a page that got no_stream_exist stop that play and publish under its id at once (Ant Media's data-channel-only sample)", async () => {
    const { instance, socket, errors, names } = await adaptor({ onlyDataChannel: true });
    instance.addErrorEventListener((error) => {
      if (error !== 'no_stream_exist') return;
      instance.stop('room');
      instance.publish('room');
    });
    instance.play('room');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'room'));
    await flush();
    assert.deepEqual(socket.commands(), ['play', 'stop', 'publish'], 'as the official SDK sends them for this page');
    socket.receive(startMessage('room'));
    await flush();
    socket.receive(takeConfigurationMessage('room', 'answer', 'a'));
    socket.receive(notificationMessage(Notification.publishStarted, 'room'));
    await flush();
    assert.ok(names().includes('publish_started'), 'the publish went through');
    assert.deepEqual(errors.map(([e]) => e), ['no_stream_exist']);
  });

  it('publishes again at once after stop(), as Ant Media pages do: the old publish_finished does not end the new publish', async () => {
    const { instance, socket, errors, names } = await publishing();
    instance.stop('s1');
    instance.publish('s1');
    await flush();
    assert.deepEqual(socket.commands(), ['publish', 'takeConfiguration:offer', 'stop'], 'the new publish waits for the answer to the stop');
    socket.receive(notificationMessage(Notification.publishFinished, 's1'));
    await flush();
    assert.equal(socket.commands().at(-1), 'publish');
    socket.receive(startMessage('s1'));
    await flush();
    socket.receive(takeConfigurationMessage('s1', 'answer', 'a'));
    socket.receive(notificationMessage(Notification.publishStarted, 's1'));
    await flush();
    assert.deepEqual(names().filter((n) => n.startsWith('publish_')), ['publish_started', 'publish_finished', 'publish_started']);
    assert.deepEqual(errors, []);
  });

  it("names stream ids refused before anything is sent as Ant Media's server does, with its error message: invalidStreamName, noStreamNameSpecified", async () => {
    const { instance, socket, errors } = await adaptor({ isPlayMode: true });
    instance.play('bad id!');
    instance.play('');
    await flush();
    assert.deepEqual(errors.map(([e]) => e), ['invalidStreamName', 'noStreamNameSpecified']);
    // Pages read message.streamId and message.definition, as of the server's error the official SDK passes on.
    const [invalid] = errors.map(([, message]) => message as Record<string, unknown>);
    assert.deepEqual([invalid!.command, invalid!.definition, invalid!.streamId], ['error', 'invalidStreamName', 'bad id!']);
    assert.match(String(invalid!.information), /not a valid stream id/);
    assert.deepEqual(socket.commands(), []);
  });

  it('plays again when the publisher stops, and resumes when it is back, as the official SDK does', async () => {
    const { instance, socket, names } = await playing();
    socket.receive(notificationMessage(Notification.playFinished, 's1'));
    await flush();
    assert.deepEqual(names().slice(-2), ['play_finished', 'reconnection_attempt_for_player']);
    assert.deepEqual(socket.commands().slice(-1), ['play'], 'no stop: the server ended the play itself');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 's1'));
    await flush();
    socket.receive(notificationMessage(Notification.streamingStarted, 's1'));
    await flush();
    assert.deepEqual(socket.commands().slice(-2), ['play', 'play']);
    await answerPlay(socket, 's1');
    assert.equal(names().at(-1), 'play_started');
    instance.stop('s1');
    assert.equal(socket.commands().at(-1), 'stop');
  });

  it('reports a data channel that opened while the publish was set up after publish_started, as the official SDK does', async () => {
    const { instance, socket, peers, names } = await adaptor();
    instance.publish('s1');
    socket.receive(startMessage('s1'));
    await flush();
    socket.receive(takeConfigurationMessage('s1', 'answer', 'a'));
    await flush();
    peers.last().channels[0]!.open();
    socket.receive(notificationMessage(Notification.publishStarted, 's1'));
    await flush();
    assert.deepEqual(names().filter((n) => n === 'publish_started' || n.startsWith('data_channel')), ['publish_started', 'data_channel_opened']);
  });

  it('reports a data channel that opened while the play was set up before play_started, as the official SDK does: a page may send there', async () => {
    const { instance, socket, peers, names, errors } = await adaptor({ isPlayMode: true });
    instance.addEventListener((info: string) => {
      if (info === 'play_started') instance.sendData('s1', 'hello from play_started');
    });
    instance.play('s1');
    socket.receive(takeConfigurationMessage('s1', 'offer', 'o', {}));
    await flush();
    const channel = peers.last().emitDataChannel('s1');
    channel.open();
    socket.receive(notificationMessage(Notification.playStarted, 's1'));
    await flush();
    assert.deepEqual(names().filter((n) => n === 'play_started' || n.startsWith('data_channel')), ['data_channel_opened', 'play_started']);
    assert.deepEqual(channel.sent, ['hello from play_started']);
    assert.deepEqual(errors, []);
  });

  it('keeps that order when play_started arrives before the channel of the offer has opened (a loaded machine)', async () => {
    const { instance, socket, peers, names, errors } = await adaptor({ isPlayMode: true });
    instance.addEventListener((info: string) => {
      if (info === 'play_started') instance.sendData('s1', 'hello from play_started');
    });
    instance.play('s1');
    socket.receive(takeConfigurationMessage('s1', 'offer', 'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n', {}));
    await flush();
    socket.receive(notificationMessage(Notification.playStarted, 's1'));
    await flush();
    const channel = peers.last().emitDataChannel('s1');
    channel.open();
    await flush();
    assert.deepEqual(names().filter((n) => n === 'play_started' || n.startsWith('data_channel')), ['data_channel_opened', 'play_started']);
    assert.deepEqual(channel.sent, ['hello from play_started']);
    assert.deepEqual(errors, []);
  });

  it('reports data_channel_opened once when the channel is open as it is announced and its open event comes after (Firefox)', async () => {
    const { instance, socket, peers, names } = await adaptor({ isPlayMode: true });
    instance.play('s1');
    socket.receive(takeConfigurationMessage('s1', 'offer', 'o', {}));
    await flush();
    const channel = new FakeDataChannel('s1');
    channel.readyState = 'open';
    peers.last().events.safeEmit('dataChannel', channel);
    socket.receive(notificationMessage(Notification.playStarted, 's1'));
    await flush();
    channel.open();
    assert.deepEqual(names().filter((n) => n === 'play_started' || n.startsWith('data_channel')), ['data_channel_opened', 'play_started']);
  });

  it("reports data_channel_closed when a stream's channel goes with it", async () => {
    const { instance, peers, names } = await playing();
    peers.last().emitDataChannel('s1').open();
    assert.equal(names().at(-1), 'data_channel_opened');
    instance.stop('s1');
    assert.equal(names().at(-1), 'data_channel_closed');
  });

  it('gives up on a stream that is not live when reconnectIfRequiredFlag is false', async () => {
    const { instance, socket, scheduler } = await adaptor({ isPlayMode: true, reconnectIfRequiredFlag: false });
    instance.play('later');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'later'));
    await flush();
    socket.receive(notificationMessage(Notification.streamingStarted, 'later'));
    scheduler.advance(10_000);
    await flush();
    assert.deepEqual(socket.commands(), ['play']);
  });

  it("says NoActiveConnection for camera controls without a local stream", async () => {
    const { instance, errors } = await adaptor({ isPlayMode: true });
    instance.muteLocalMic();
    await flush();
    assert.deepEqual(errors.map(([e]) => e), ['NoActiveConnection']);
  });

  it('relays data channel events under their Ant Media names', async () => {
    const { instance, peers, events } = await playing();
    const channel = peers.last().emitDataChannel('s1');
    channel.open();
    instance.sendData('s1', 'hi');
    await flush();
    channel.receive('hello');
    assert.deepEqual(channel.sent, ['hi']);
    assert.deepEqual(events.filter(([n]) => n.startsWith('data_')), [['data_channel_opened', 's1'], ['data_received', { streamId: 's1', data: 'hello' }]]);
  });

  it("escapes < and > in received text, which Ant Media's samples put into the page as HTML; sanitizeHTML does the same for the page's own", async () => {
    const { instance, peers, events } = await playing();
    const channel = peers.last().emitDataChannel('s1');
    channel.open();
    channel.receive('<img src=x onerror=alert(1)> & <script>x()</script>');
    const received = events.filter(([n]) => n === 'data_received').map(([, obj]) => (obj as { data: string }).data);
    assert.deepEqual(received, ['&lt;img src=x onerror=alert(1)&gt; & &lt;script&gt;x()&lt;/script&gt;']);
    assert.equal(instance.sanitizeHTML('a <b> c'), 'a &lt;b&gt; c');
    assert.equal(instance.sanitizeHTML(instance.sanitizeHTML('<b>')), '&lt;b&gt;', 'escaping twice changes nothing more');
  });

  it("getStats resolves with PeerStats under Ant Media's field names and emits updated_stats", async () => {
    const { instance, socket, peers, names } = await adaptor();
    instance.publish('s1');
    socket.receive(startMessage('s1'));
    await flush();
    socket.receive(notificationMessage(Notification.publishStarted, 's1'));
    await flush();
    peers.last().stats = [
      { id: 'v', type: 'outbound-rtp', kind: 'video', bytesSent: 1000, packetsSent: 10, framesEncoded: 5 },
      { id: 'a', type: 'outbound-rtp', kind: 'audio', bytesSent: 500, packetsSent: 7 },
    ];
    const stats = await instance.getStats('s1');
    assert.ok(stats);
    assert.deepEqual([stats.streamId, stats.totalBytesSentCount, stats.videoPacketsSent, stats.audioPacketsSent, stats.totalFramesEncodedCount], ['s1', 1500, 10, 7, 5]);
    assert.ok(names().includes('updated_stats'));
    assert.equal(await instance.getStats('unknown'), false);
    assert.deepEqual([stats.audioLevel, stats.videoJitterAverageDelay, stats.inboundRtpList], [-1, -1, []], "Ant Media's values when the browser tells none");
  });

  it("adds what Ant Media's players read: the audio level, jitter-buffer delays and one inboundRtpList entry per received track", async () => {
    const { instance, peers } = await playing();
    peers.last().stats = [
      { id: 'v', type: 'inbound-rtp', kind: 'video', timestamp: 5, trackIdentifier: 'tv', bytesReceived: 900, packetsLost: 2, frameWidth: 640, frameHeight: 480, framesDecoded: 30, jitterBufferDelay: 0.5, jitterBufferEmittedCount: 10 },
      { id: 'a', type: 'inbound-rtp', kind: 'audio', timestamp: 5, trackIdentifier: 'ta', bytesReceived: 100, packetsLost: 1, audioLevel: 0.25, jitterBufferDelay: 1, jitterBufferEmittedCount: 50 },
    ];
    const stats = await instance.getStats('s1');
    assert.ok(stats);
    assert.deepEqual([stats.audioLevel, stats.videoJitterAverageDelay, stats.audioJitterAverageDelay], [0.25, 0.05, 0.02]);
    assert.deepEqual(stats.inboundRtpList, [
      { currentTime: 5, trackIdentifier: 'tv', bytesReceived: 900, jitterBufferDelay: 0.5, frameWidth: 640, frameHeight: 480, framesDecoded: 30, videoPacketsLost: 2 },
      { currentTime: 5, trackIdentifier: 'ta', bytesReceived: 100, jitterBufferDelay: 1, audioPacketsLost: 1 },
    ]);
  });
});
