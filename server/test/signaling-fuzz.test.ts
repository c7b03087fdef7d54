/**
 * Property-based fuzz of the signaling layer (fast-check): thousands of
 * malformed frames, and random sequences of commands from two sockets in any
 * order (with real and garbage SDP). The server never crashes, every reply is
 * a valid server message, every `error` carries one of the protocol's precise
 * definitions (never server_error_check_logs), and once the sockets close no
 * peer connection, stream, call, pending play, session or timer is left.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ErrorDefinition, clientCommandFields, parseServerMessage } from 'relayrtc/protocol';
import { CountingClock } from './helpers/countingClock.js';
import { startConfiguredServer } from './helpers/ops.js';
import { ProtocolClient, type WireMessage } from './helpers/protocolClient.js';
import { eventually } from './helpers/testServer.js';

const FRAME_LIMIT = 4096;
/** Runs of each property: 3,000 single frames, and 300 two-socket sequences of 4-24 steps (~5,000 frames); a few seconds. */
const FRAME_RUNS = Number(process.env.RELAYRTC_FUZZ_FRAMES ?? 3000);
const SEQUENCE_RUNS = Number(process.env.RELAYRTC_FUZZ_SEQUENCES ?? 300);
const SEED = process.env.RELAYRTC_FUZZ_SEED === undefined ? undefined : Number(process.env.RELAYRTC_FUZZ_SEED);

const PRECISE = new Set<string>(Object.values(ErrorDefinition).filter((d) => d !== ErrorDefinition.serverError));
const KNOWN_COMMANDS = Object.keys(clientCommandFields);
const recordedOffer = (JSON.parse(readFileSync(new URL('./fixtures/official-publish.json', import.meta.url), 'utf8')) as Array<{ command: string; sdp?: string }>).find((m) => m.command === 'takeConfiguration')!.sdp!;

const clock = new CountingClock();
let server: Awaited<ReturnType<typeof startConfiguredServer>>;
let baselineTimers: number;
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

before(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  server = await startConfiguredServer(
    // High rate limits so frames reach the handlers; a short publish timeout so its timers fire too.
    { limits: { maxTextFrameBytes: FRAME_LIMIT, messagesPerSecond: 1_000_000, messageBurst: 1_000_000, publishTimeoutMs: 300 } },
    { clock },
  );
  baselineTimers = clock.active;
});

after(async () => {
  await server.close();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});

/** Every reply must be a server message our validator accepts; errors must carry a precise definition. */
function assertValidReplies(replies: WireMessage[]): void {
  for (const reply of replies) {
    const parsed = parseServerMessage(JSON.stringify(reply));
    assert.ok(parsed.ok, `invalid reply ${JSON.stringify(reply)}`);
    if (reply.command === 'error') assert.ok(PRECISE.has(String(reply.definition)), `imprecise error ${JSON.stringify(reply)}`);
  }
}

/** Sends a ping and waits for its pong: every frame before it has been handled (commands run in order). */
async function settle(client: ProtocolClient): Promise<void> {
  const pong = client.waitFor((m) => m.command === 'pong', 10_000, 'the sentinel pong');
  client.send({ command: 'ping' });
  await pong;
}

async function assertNothingLeft(): Promise<void> {
  const { context, endpoint } = server;
  await eventually(
    () => endpoint.sessions.size === 0 && context.peers.openCount === 0 && context.registry.size === 0 && context.calls.size === 0 && context.pendingPlays.size === 0 && clock.active === baselineTimers,
    `nothing left: sessions ${endpoint.sessions.size}, peers ${context.peers.openCount}, streams ${context.registry.size}, calls ${context.calls.size}, pending plays ${context.pendingPlays.size}, timers ${clock.active - baselineTimers}`,
    5000,
  );
}

// ---- arbitraries -------------------------------------------------------------

const streamIds = fc.constantFrom('fz_a', 'fz_b', 'fz.c-1');
const anything = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
const badStreamIds = fc.oneof(fc.constant(''), fc.integer(), fc.boolean(), fc.constantFrom('bad id', '../x', 'a/b', 'é', '<script>'), fc.array(fc.string(), { maxLength: 2 }));

/** Frames that are wrong in every way the validator knows: each must get exactly one error. */
const badFrame: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => {
    try {
      const v: unknown = JSON.parse(s);
      return v === null || typeof v !== 'object' || Array.isArray(v) || typeof (v as { command?: unknown }).command !== 'string' || !KNOWN_COMMANDS.includes((v as { command: string }).command);
    } catch {
      return true;
    }
  }),
  fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v) || !KNOWN_COMMANDS.includes(String((v as Record<string, unknown>).command))).map((v) => JSON.stringify(v)),
  fc.record({ command: fc.string().filter((c) => !KNOWN_COMMANDS.includes(c)), streamId: fc.option(fc.string()) }).map((v) => JSON.stringify(v)),
  fc.record({ command: fc.constantFrom(...KNOWN_COMMANDS.filter((c) => c !== 'ping' && c !== 'getIceServerConfig')), streamId: badStreamIds }).map((v) => JSON.stringify(v)),
  fc.record({ command: fc.constantFrom('takeConfiguration', 'takeCandidate', 'forceStreamQuality'), streamId: streamIds, sdp: fc.oneof(fc.integer(), fc.constant(null)), candidate: fc.oneof(fc.integer(), fc.boolean()), streamHeight: fc.oneof(fc.string(), fc.constant(null)) }).map((v) => JSON.stringify(v)),
  fc.integer({ min: FRAME_LIMIT + 1, max: FRAME_LIMIT * 3 }).map((n) => JSON.stringify({ command: 'ping', pad: 'x'.repeat(n) })),
);

const sdp = fc.oneof(fc.constant(recordedOffer), fc.string({ maxLength: 300 }), fc.constant('v=0\r\n'), fc.constant(recordedOffer.slice(0, 400)));

/** Commands with plausible shapes and random values, in any order. */
const command: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ command: fc.constant('publish'), streamId: streamIds, token: fc.option(fc.string(), { nil: undefined }), video: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({ command: fc.constant('play'), streamId: streamIds, token: fc.option(fc.string(), { nil: undefined }), trackList: fc.option(fc.array(fc.string(), { maxLength: 2 }), { nil: undefined }) }),
  fc.record({ command: fc.constant('stop'), streamId: streamIds }),
  fc.record({ command: fc.constant('takeConfiguration'), streamId: streamIds, type: fc.constantFrom('offer', 'answer', 'pranswer', ''), sdp }),
  fc.record({ command: fc.constant('takeCandidate'), streamId: streamIds, label: fc.option(fc.integer({ min: -2, max: 5 }), { nil: undefined }), id: fc.option(fc.constantFrom('0', '1', 'x'), { nil: undefined }), candidate: fc.oneof(fc.constant(''), fc.string({ maxLength: 80 }), fc.constant('candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host')) }),
  fc.record({ command: fc.constant('getStreamInfo'), streamId: streamIds }),
  fc.record({ command: fc.constant('forceStreamQuality'), streamId: streamIds, streamHeight: fc.integer({ min: -1, max: 2000 }) }),
  fc.record({ command: fc.constant('join'), streamId: streamIds, multiPeer: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({ command: fc.constant('leave'), streamId: streamIds }),
  fc.record({ command: fc.constant('peerMessageCommand'), streamId: streamIds, definition: fc.option(fc.string(), { nil: undefined }), data: fc.option(anything, { nil: undefined }) }),
  fc.record({ command: fc.constant('relayTestKnob'), streamId: streamIds, bandwidthCap: fc.option(fc.integer(), { nil: undefined }) }),
  fc.record({ command: fc.constantFrom('ping', 'getIceServerConfig') }),
  fc.record({ command: fc.string({ maxLength: 12 }), streamId: fc.option(streamIds, { nil: undefined }) }),
);

/** The start of a real flow, so the sequences reach peers and not only refusals: publish then offer, or play then answer. */
const flow: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(streamIds, sdp).map(([streamId, offer]) => [
    { command: 'publish', streamId },
    { command: 'takeConfiguration', streamId, type: 'offer', sdp: offer },
    { command: 'takeCandidate', streamId, label: 0, id: '0', candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host' },
  ]),
  fc.tuple(streamIds, sdp).map(([streamId, answer]) => [
    { command: 'play', streamId },
    { command: 'takeConfiguration', streamId, type: 'answer', sdp: answer },
  ]),
  fc.tuple(streamIds, fc.string({ maxLength: 20 })).map(([streamId, data]) => [
    { command: 'join', streamId },
    { command: 'peerMessageCommand', streamId, definition: 'x', data },
    { command: 'takeConfiguration', streamId, type: 'offer', sdp: 'v=0' },
  ]),
).map((messages) => messages.map((m) => JSON.stringify(m)));

/** Which of the two sockets sends them, and the frames: a command, a flow's beginning, or now and then a broken frame. */
const step = fc.tuple(
  fc.nat(1),
  fc.oneof({ weight: 6, arbitrary: command.map((c) => [JSON.stringify(c)]) }, { weight: 2, arbitrary: flow }, { weight: 1, arbitrary: badFrame.map((f) => [f]) }),
);

// ---- properties ----------------------------------------------------------------

describe('signaling fuzz', () => {
  it(`answers each of ${FRAME_RUNS} malformed frames with exactly one precise error and keeps serving`, async () => {
    const client = await ProtocolClient.connect(server.url);
    await fc.assert(
      fc.asyncProperty(badFrame, async (frame) => {
        const before = client.received.length;
        client.send(frame);
        await settle(client);
        const replies = client.received.slice(before).filter((m) => m.command !== 'pong');
        assert.equal(replies.length, 1, `one reply to ${frame.slice(0, 120)}: ${JSON.stringify(replies)}`);
        assert.equal(replies[0]!.command, 'error');
        assertValidReplies(replies);
      }),
      { numRuns: FRAME_RUNS, seed: SEED },
    );
    await client.close();
    await assertNothingLeft();
    assert.deepEqual(crashes, []);
  });

  it('answers binary frames with invalidJson', async () => {
    const client = await ProtocolClient.connect(server.url);
    const ws = (client as unknown as { ws: { send(data: Buffer): void } }).ws;
    for (const size of [0, 1, 100, FRAME_LIMIT + 1]) ws.send(Buffer.alloc(size, 0x7b));
    await settle(client);
    assert.deepEqual(
      client.received.filter((m) => m.command === 'error').map((m) => m.definition),
      ['invalidJson', 'invalidJson', 'invalidJson', 'messageTooLarge'],
    );
    await client.close();
    await assertNothingLeft();
  });

  it(`survives ${SEQUENCE_RUNS} random command sequences from two sockets, leaving nothing behind`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 24, size: 'max' }), async (steps) => {
        const clients = [await ProtocolClient.connect(server.url), await ProtocolClient.connect(server.url)];
        try {
          for (const [who, frames] of steps) for (const frame of frames) clients[who]!.send(frame);
          await Promise.all(clients.map(settle));
          for (const client of clients) assertValidReplies(client.received);
        } finally {
          await Promise.all(clients.map((c) => c.close()));
        }
        await assertNothingLeft();
      }),
      { numRuns: SEQUENCE_RUNS, seed: SEED },
    );
    assert.deepEqual(crashes, []);
  });
});
