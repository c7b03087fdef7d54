/** /metrics counts what the server does; /health and /ready answer as probes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, httpBase, sample, serverForThisFile, type ConfiguredServer } from './helpers/ops.js';
import { delay } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic } from './helpers/weriftPeers.js';

let server: ConfiguredServer;
const connect = serverForThisFile({}, (started) => (server = started));

describe('probes', () => {
  it('answers /health and /ready with 200 while serving', async () => {
    assert.deepEqual((await call(`${httpBase(server)}/health`)).body, { status: 'ok' });
    const ready = await call(`${httpBase(server)}/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ready' });
  });
});

describe('/metrics', () => {
  it('counts streams, viewers, sockets, packets and bytes both ways, errors, and the event-loop lag', async () => {
    const publisherClient = await connect();
    const playerClient = await connect();
    const publisher = await publishSynthetic(publisherClient, 'metrics_1');
    const pacer = setInterval(() => publisher.sendVideoPacket(), 10);
    const player = await playAndRecord(playerClient, 'metrics_1');
    await delay(500);
    playerClient.send('not json');
    await playerClient.next((m) => m.command === 'error');
    // Egress counts come from each viewer's figures, which a viewer worker sends once a second.
    let answer = await call(`${httpBase(server)}/metrics`);
    for (let tries = 0; tries < 30 && !(sample(String(answer.body), 'relayrtc_egress_packets_total{kind="video"}') > 10); tries++) {
      await delay(100);
      answer = await call(`${httpBase(server)}/metrics`);
    }
    clearInterval(pacer);
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers.get('content-type')), /^text\/plain; version=0\.0\.4/);
    const text = String(answer.body);
    assert.equal(sample(text, 'relayrtc_streams{state="broadcasting"}'), 1);
    assert.equal(sample(text, 'relayrtc_viewers'), 1);
    const perWorker = (server.context.viewerWorkers?.viewerCounts ?? []).map((_, worker) => sample(text, `relayrtc_worker_viewers{worker="${worker}"}`));
    assert.equal(perWorker.reduce((sum, n) => sum + n, 0), server.context.viewerWorkers ? 1 : 0, 'the viewer is on one of the workers');
    const fedPerWorker = perWorker.map((_, worker) => sample(text, `relayrtc_worker_streams{worker="${worker}"}`));
    assert.deepEqual(fedPerWorker, perWorker, "the stream is fed to its viewer's worker only");
    assert.equal(sample(text, 'relayrtc_websocket_connections'), 2);
    assert.equal(sample(text, 'relayrtc_peer_connections'), 2);
    assert.ok(sample(text, 'relayrtc_ingest_packets_total{kind="video"}') > 10);
    assert.ok(sample(text, 'relayrtc_ingest_bytes_total{kind="video"}') > 10_000);
    assert.ok(sample(text, 'relayrtc_egress_packets_total{kind="video"}') > 10);
    assert.ok(sample(text, 'relayrtc_egress_bytes_total{kind="video"}') > 10_000);
    assert.ok(sample(text, 'relayrtc_keyframes_received_total') >= 1);
    assert.equal(sample(text, 'relayrtc_signaling_errors_total{definition="invalidJson"}'), 1);
    assert.equal(sample(text, 'relayrtc_signaling_commands_total{command="play"}'), 1);
    for (const series of ['relayrtc_nacks_received_total', 'relayrtc_keyframe_requests_received_total{type="pli"}', 'relayrtc_layer_switches_total', 'nodejs_eventloop_lag_seconds']) {
      assert.ok(Number.isFinite(sample(text, series)), series);
    }

    // Counters keep what finished streams moved.
    const ingestBefore = sample(text, 'relayrtc_ingest_packets_total{kind="video"}');
    await player.close();
    await publisher.close();
    publisherClient.send({ command: 'stop', streamId: 'metrics_1' });
    await publisherClient.notification('publish_finished', 'metrics_1');
    const later = String((await call(`${httpBase(server)}/metrics`)).body);
    assert.equal(sample(later, 'relayrtc_streams{state="broadcasting"}'), 0);
    assert.ok(sample(later, 'relayrtc_ingest_packets_total{kind="video"}') >= ingestBefore);
  });
});
