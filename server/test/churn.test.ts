/**
 * Churn: hundreds of publish / play / stop cycles, several at a time, ended
 * every way a client can end them (stop, socket close, socket dropped). After
 * it, open sockets, peer connections, UDP ports, timers and heap return to
 * their baseline.
 *
 * ~40 s by default (inside the test runner's 60 s per test); set
 * RELAYRTC_CHURN_SECONDS=300 for a longer soak.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { CountingClock } from './helpers/countingClock.js';
import { activeTimerCount, startConfiguredServer } from './helpers/ops.js';
import { ProtocolClient } from './helpers/protocolClient.js';
import { delay, eventually } from './helpers/testServer.js';
import { openUdpSocketCount } from './helpers/udpSockets.js';
import { playAndRecord, publishSynthetic } from './helpers/weriftPeers.js';

const SECONDS = Number(process.env.RELAYRTC_CHURN_SECONDS ?? 40);
const LANES = 3;
/** Heap may grow by this much over the baseline after churn and a full GC (caches, JIT, fragmentation): a leak of one stream per cycle would exceed it. */
const HEAP_SLACK_BYTES = 40 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const clock = new CountingClock();
let server: Awaited<ReturnType<typeof startConfiguredServer>>;

before(async () => {
  server = await startConfiguredServer({}, { clock });
});

after(async () => {
  await server.close();
});

type Ending = 'stop' | 'close' | 'drop';
const ENDINGS: Ending[] = ['stop', 'close', 'drop'];

function end(client: ProtocolClient, streamId: string, how: Ending): Promise<void> {
  if (how === 'stop') {
    client.send({ command: 'stop', streamId });
    return client.close();
  }
  if (how === 'drop') {
    (client as unknown as { ws: WebSocket }).ws.terminate();
    return Promise.resolve();
  }
  return client.close();
}

/** One publisher and one or two players, some media, then everyone leaves in some order and some way. */
async function cycle(n: number): Promise<void> {
  const streamId = `churn_${n}`;
  const publisherClient = await ProtocolClient.connect(server.url);
  const publisher = await publishSynthetic(publisherClient, streamId);
  const pacer = setInterval(() => publisher.sendVideoPacket(), 20);
  const playerClients: ProtocolClient[] = [];
  const players = [];
  try {
    for (let i = 0; i < 1 + (n % 2); i++) {
      const client = await ProtocolClient.connect(server.url);
      playerClients.push(client);
      players.push(await playAndRecord(client, streamId));
    }
    await delay(50 + (n % 5) * 20);
  } finally {
    clearInterval(pacer);
    const publisherFirst = n % 3 === 0;
    const ending = ENDINGS[n % ENDINGS.length]!;
    if (publisherFirst) await end(publisherClient, streamId, ending);
    for (const client of playerClients) await end(client, streamId, ENDINGS[(n + 1) % ENDINGS.length]!);
    if (!publisherFirst) await end(publisherClient, streamId, ending);
    await Promise.all(players.map((p) => p.close()));
    await publisher.close();
  }
}

function snapshot() {
  gc();
  return {
    sessions: server.endpoint.sessions.size,
    peers: server.context.peers.openCount,
    streams: server.context.registry.size,
    udp: openUdpSocketCount(),
    serverTimers: clock.active,
    processTimers: activeTimerCount(),
    heap: process.memoryUsage().heapUsed,
  };
}

describe('churn', () => {
  it(`runs publish/play/stop cycles for ${SECONDS} s and returns to the baseline`, { timeout: SECONDS * 1000 + 50_000 }, async () => {
    await cycle(0); // warm-up: JIT, werift's lazily loaded modules
    await eventually(() => server.context.peers.openCount === 0 && server.endpoint.sessions.size === 0, 'the warm-up is gone');
    await delay(500);
    const baseline = snapshot();

    const deadline = Date.now() + SECONDS * 1000;
    let next = 1;
    let completed = 0;
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (Date.now() < deadline) {
          await cycle(next++);
          completed++;
        }
      }),
    );

    await eventually(
      () => server.endpoint.sessions.size === baseline.sessions && server.context.peers.openCount === baseline.peers && server.context.registry.size === 0,
      'sessions, peers and streams back to the baseline',
      10_000,
    );
    await eventually(() => openUdpSocketCount() <= baseline.udp, `UDP sockets back to ${baseline.udp} (now ${openUdpSocketCount()})`, 10_000);
    await eventually(() => clock.active === baseline.serverTimers, `server timers back to ${baseline.serverTimers} (now ${clock.active})`, 10_000);
    await eventually(() => activeTimerCount() <= baseline.processTimers + 2, `process timers back near ${baseline.processTimers} (now ${activeTimerCount()})`, 15_000);
    const final = snapshot();
    const perCycleKb = Math.round((final.heap - baseline.heap) / completed / 1024);
    console.log(`# churn: ${completed} cycles in ${SECONDS} s; heap ${Math.round(baseline.heap / 1048576)} -> ${Math.round(final.heap / 1048576)} MB (${perCycleKb} KB per cycle)`);
    // ~250 cycles in 40 s on a quiet 2-core machine; the floor only catches a churn that stalled.
    assert.ok(completed >= 50, `only ${completed} cycles`);
    assert.ok(final.heap - baseline.heap < HEAP_SLACK_BYTES, `heap grew ${Math.round((final.heap - baseline.heap) / 1048576)} MB over ${completed} cycles`);
  });
});
