/** The facade's diagnostics: getSubscriberList, getDebugInfo, parseStats and getVideoSender, with Ant Media's commands and callback strings. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  debugInfoNotification,
  ErrorDefinition,
  errorMessage,
  Notification,
  notificationMessage,
  subscriberListNotification,
  takeConfigurationMessage,
  type ServerDebugInfo,
  type SubscriberInfo,
} from '../protocol/index.js';
import { adaptor, publishing } from '../testing/adaptorHarness.js';
import { installFakeMediaDevices } from '../testing/FakeMedia.js';
import { flush } from '../testing/FakePeer.js';

let devices: ReturnType<typeof installFakeMediaDevices>;
beforeEach(() => (devices = installFakeMediaDevices()));
afterEach(() => devices.restore());

const ann: SubscriberInfo = { subscriberId: 'ann', subscriberName: 'Ann', streamId: 's1', type: 'play', connected: true, currentConcurrentConnections: 2 };
const debug: ServerDebugInfo = {
  streamId: 's1', publisherCount: 1, playerCount: 3, cpuPercent: 12.5, eventLoopLagMs: 1.2,
  rssBytes: 1e8, heapUsedBytes: 5e7, uptimeSeconds: 60, streamCount: 1, peerConnectionCount: 4,
};


describe('WebRTCAdaptor getSubscriberList and getDebugInfo', () => {
  it("send Ant Media's commands, and its answers reach callback whole, under their definitions", async () => {
    const { instance, socket, events } = await adaptor();
    instance.getSubscriberList('s1', 0, 10);
    instance.getSubscriberList('s1');
    instance.getDebugInfo('s1');
    assert.deepEqual(socket.messages(), [
      { command: 'getSubscribers', streamId: 's1', offset: 0, size: 10 },
      { command: 'getSubscribers', streamId: 's1' },
      { command: 'getDebugInfo', streamId: 's1' },
    ]);
    socket.receive(subscriberListNotification('s1', [ann]));
    socket.receive(debugInfoNotification(debug));
    await flush();
    const list = events.find(([info]) => info === 'subscriberList')?.[1] as { streamId: string; subscriberList: string[] };
    assert.deepEqual([list.streamId, list.subscriberList.map((s) => JSON.parse(s) as unknown)], ['s1', [ann]]);
    const info = events.find(([name]) => name === 'debugInfo')?.[1] as { debugInfo: string };
    assert.deepEqual(JSON.parse(info.debugInfo), debug, 'the page reads obj.debugInfo, a string');
  });

  it('a server error reaches callbackError once, with the raw definition', async () => {
    const { instance, socket, errors } = await adaptor();
    instance.getSubscriberList('nobody');
    socket.receive(errorMessage(ErrorDefinition.noStreamExist, 'nobody'));
    await flush();
    assert.deepEqual(errors.map(([name]) => name), ['no_stream_exist']);
  });

  it('RelayClient.rooms resolves them: the subscribers parsed (malformed entries dropped), the debug text as sent', async () => {
    const { instance, socket } = await adaptor();
    const rooms = instance.client!.rooms;
    const subscribers = rooms.getSubscribers('s1', { offset: 1 });
    const text = rooms.getDebugInfo('s1');
    socket.receive({ ...subscriberListNotification('s1', [ann]), subscriberList: [JSON.stringify(ann), 'not json', '{"streamId":"s1"}'] });
    socket.receive(debugInfoNotification(debug));
    assert.deepEqual(await subscribers, [ann]);
    assert.deepEqual(JSON.parse(await text), debug);
    assert.deepEqual(socket.messages()[0], { command: 'getSubscribers', streamId: 's1', offset: 1 });
  });
});

describe('WebRTCAdaptor parseStats', () => {
  it("returns PeerStats from a report under Ant Media's field names, emitting nothing (getStats emits)", async () => {
    const { instance, names } = await publishing();
    const report = new Map<string, Record<string, unknown>>([
      ['v', { id: 'v', type: 'outbound-rtp', kind: 'video', bytesSent: 3000, packetsSent: 30, framesEncoded: 9 }],
      ['a', { id: 'a', type: 'outbound-rtp', kind: 'audio', bytesSent: 1000, packetsSent: 20 }],
      ['r', { id: 'r', type: 'remote-inbound-rtp', kind: 'video', packetsLost: 2, roundTripTime: 0.05 }],
    ]) as unknown as RTCStatsReport;
    const stats = instance.parseStats(report, 's1');
    assert.deepEqual(
      [stats.streamId, stats.totalBytesSentCount, stats.videoPacketsSent, stats.totalAudioPacketsSent, stats.totalFramesEncodedCount, stats.videoPacketsLost, stats.videoRoundTripTime],
      ['s1', 4000, 30, 20, 9, 2, 0.05],
    );
    assert.ok(!names().includes('updated_stats'));
  });

  it('parses a report of a stream the adaptor does not have, as Ant Media does', async () => {
    const { instance } = await adaptor();
    const report = new Map([['i', { id: 'i', type: 'inbound-rtp', kind: 'audio', bytesReceived: 800, packetsReceived: 8 }]]) as unknown as RTCStatsReport;
    const stats = instance.parseStats(report, 'other');
    assert.deepEqual([stats.streamId, stats.totalBytesReceivedCount, stats.audioPacketsReceived, stats.averageIncomingBitrate], ['other', 800, 8, 0]);
  });
});

describe('WebRTCAdaptor getVideoSender', () => {
  it("is the sender of the published camera track, and null for a play or an unknown stream", async () => {
    const { instance, socket } = await publishing();
    const camera = instance.localMedia!.stream.getVideoTracks()[0];
    assert.equal(instance.getVideoSender('s1')?.track, camera);
    assert.equal(instance.getSender('s1', 'audio')?.track, instance.localMedia!.stream.getAudioTracks()[0], 'getSender, any kind');
    instance.play('p1');
    socket.receive(takeConfigurationMessage('p1', 'offer', 'o', {}));
    await flush();
    socket.receive(notificationMessage(Notification.playStarted, 'p1'));
    await flush();
    assert.equal(instance.getVideoSender('p1'), null);
    assert.equal(instance.getVideoSender('nope'), null);
  });
});
