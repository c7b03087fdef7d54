import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../config.js';
import { FakeClock } from '../relay/clock.js';
import type { Egress } from '../relay/egress.js';
import { buildRtp, vp8Keyframe } from '../relay/testing/packets.js';
import { LiveStream } from './liveStream.js';
import { streamStatistics, viewerReport, viewerStatistics } from './statistics.js';

const nowhere: Egress = { sendRtp: () => undefined, sendRtcp: () => undefined };

describe('statistics', () => {
  it('describe a live stream, its layers and each viewer as Ant Media names them', () => {
    const clock = new FakeClock();
    const stream = new LiveStream('s1', 'owner', clock, defaultConfig);
    stream.state = 'broadcasting';
    const video = stream.relay.addSource({ kind: 'video', mimeType: 'video/VP8', clockRate: 90_000 }, () => undefined);
    const leg = stream.relay.addViewer([{ kind: 'video', ssrc: 1234, payloadType: 96, egress: nowhere }]);
    stream.players.add({});

    for (let i = 0; i < 10; i++) video.pushRtp(buildRtp({ sequenceNumber: i, timestamp: i * 3000, ssrc: 99, payload: vp8Keyframe() }));

    const stats = streamStatistics(stream);
    assert.equal(stats.streamId, 's1');
    assert.equal(stats.status, 'broadcasting');
    assert.equal(stats.webRTCViewerCount, 1);
    assert.equal(stats.layers.length, 1);
    assert.equal(stats.layers[0]?.packetsReceived, 10);
    assert.deepEqual([stats.layers[0]?.width, stats.layers[0]?.height, stats.layers[0]?.codec], [640, 480, 'VP8']);
    assert.ok(stats.receivedBytes > 0);

    const viewer = viewerStatistics(leg, 1);
    assert.equal(viewer.clientId, 1);
    assert.equal(viewer.videoSentStats.videoPacketsSent, 10);
    assert.equal(viewer.videoPacketCount, 10);
    assert.equal(viewer.measuredBitrate, 0);
    assert.equal(viewer.currentLayerHeight, 480);

    // What a viewer worker sends the main thread for the same leg.
    const report = viewerReport(leg);
    assert.deepEqual(report.statistics, viewerStatistics(leg, 0));
    assert.equal(report.sent.video.packetsSent, 10);
    assert.equal(report.sent.audio.packetsSent, 0);
    assert.equal(report.forcedHeight, 0);
    assert.equal(report.estimate, undefined);
  });
});
