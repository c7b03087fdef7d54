/**
 * Admission control: while the event loop lags (or the CPU is busy) past the
 * configured limit, a new play or publish gets `highResourceUsage` and nothing
 * is created for it, while the viewers already there keep receiving; once the
 * load falls back, new plays are admitted again.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { LoadProbe, LoadSlice } from '../src/ops/loadProbe.js';
import { ProtocolClient, type WireMessage } from './helpers/protocolClient.js';
import { call, httpBase, startConfiguredServer } from './helpers/ops.js';
import { delay, eventually } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic } from './helpers/weriftPeers.js';

/** The event-loop delay the server reads is whatever the test sets. */
class SwitchableProbe implements LoadProbe {
  readonly cores = 1;
  lagP99Ms = 0;
  take(): LoadSlice {
    return { lagP99Ms: this.lagP99Ms, cpuMicros: 0 };
  }
  close(): void {}
}

const clients: ProtocolClient[] = [];
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await Promise.all(clients.map((c) => c.close()));
});

async function connect(url: string): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(url);
  clients.push(client);
  return client;
}

const refusal = (client: ProtocolClient, streamId: string) =>
  client.next((m) => m.command === 'error' && m.streamId === streamId, 5000, `an error for ${streamId}`);

describe('admission control', () => {
  it('refuses new plays and publishes with highResourceUsage while the event loop lags, keeps the viewers it has, and admits again once it recovers', async () => {
    const probe = new SwitchableProbe();
    const server = await startConfiguredServer({ admission: { maxEventLoopLagMs: 100, maxCpuPercent: -1, windowMs: 250 } }, { loadProbe: probe });
    cleanups.push(() => server.close());
    const publisher = await publishSynthetic(await connect(server.url), 'busy');
    const pacer = setInterval(() => publisher.sendVideoPacket(), 20);
    cleanups.push(async () => clearInterval(pacer));
    const viewer = await playAndRecord(await connect(server.url), 'busy');
    await eventually(() => viewer.video.length > 10, 'the first viewer receives video', 5000);
    const stream = server.context.registry.get('busy')!;
    const peersBefore = server.context.peers.openCount;

    probe.lagP99Ms = 400;
    await eventually(() => server.context.load.overload() !== undefined, 'the server sees the lag');
    const metrics = String((await call(`${httpBase(server)}/metrics`)).body);
    assert.match(metrics, /^relayrtc_admission_refusing 1$/m, 'operators see it in /metrics');
    assert.match(metrics, /^relayrtc_admission_load\{figure="event_loop_lag_ms"\} \d+/m);

    const lateViewer = await connect(server.url);
    lateViewer.send({ command: 'play', streamId: 'busy' });
    const refused: WireMessage = await refusal(lateViewer, 'busy');
    assert.equal(refused.definition, 'highResourceUsage');
    assert.match(String(refused.information), /event-loop delay \d+ ms over the last 0.25 s, limit 100 ms/);

    const latePublisher = await connect(server.url);
    latePublisher.send({ command: 'publish', streamId: 'busy_2' });
    assert.equal((await refusal(latePublisher, 'busy_2')).definition, 'highResourceUsage');

    // Nothing was made for either: no offer, no start, no peer, no stream, no player.
    await delay(200);
    assert.deepEqual(lateViewer.received.map((m) => m.command), ['error']);
    assert.deepEqual(latePublisher.received.map((m) => m.command), ['error']);
    assert.equal(server.context.peers.openCount, peersBefore);
    assert.equal(server.context.registry.get('busy_2'), undefined);
    assert.equal(stream.players.size, 1);
    const received = viewer.video.length;
    await eventually(() => viewer.video.length > received + 10, 'the viewer already there keeps receiving', 5000);

    probe.lagP99Ms = 10;
    await eventually(() => server.context.load.overload() === undefined, 'the lag has aged out of the window');
    const secondViewer = await playAndRecord(lateViewer, 'busy');
    await eventually(() => secondViewer.video.length > 5, 'the viewer admitted after recovery receives video', 5000);
    assert.equal(stream.players.size, 2);

    await secondViewer.close();
    await viewer.close();
    await publisher.close();
  });

  it('with a limit of 0 and the process probe, refuses every new publish as soon as the server starts', async () => {
    const server = await startConfiguredServer({ admission: { maxEventLoopLagMs: -1, maxCpuPercent: 0, windowMs: 5000 } });
    cleanups.push(() => server.close());
    const publisherClient = await connect(server.url);
    publisherClient.send({ command: 'publish', streamId: 'zero' });
    const refused = await refusal(publisherClient, 'zero');
    assert.equal(refused.definition, 'highResourceUsage');
    assert.match(String(refused.information), /CPU \d+% of all cores over the last 5 s, limit 0%/);
    assert.equal(server.context.registry.size, 0);
  });
});
