/**
 * Replays message sequences recorded from the official Ant Media JS SDK
 * (2.16.2 in Chromium; fixtures/official-*.json, real SDP and candidates)
 * against the server's signaling, and checks each answer the official client
 * waits for, in order.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ProtocolClient, type WireMessage } from './helpers/protocolClient.js';
import { eventually, startTestServer } from './helpers/testServer.js';

type Recorded = Record<string, unknown> & { command: string };

function recording<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** Server messages other than candidates, as `command` or `command:type` / `notification:definition`. */
function shape(messages: WireMessage[]): string[] {
  return messages
    .filter((m) => m.command !== 'takeCandidate')
    .map((m) => (m.command === 'notification' || m.command === 'error' ? `${m.command}:${String(m.definition)}` : m.type ? `${m.command}:${String(m.type)}` : m.command));
}

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: ProtocolClient[] = [];

async function client(): Promise<ProtocolClient> {
  const c = await ProtocolClient.connect(server.url);
  clients.push(c);
  return c;
}

before(async () => {
  server = await startTestServer();
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

describe('recorded official-SDK flows', () => {
  it('publish: start, an answer for its Chrome offer, its candidates taken, publish_finished on stop', async () => {
    const [publish, offer, ...rest] = recording<Recorded[]>('official-publish');
    const candidates = rest.filter((m) => m.command === 'takeCandidate');
    const stop = rest.find((m) => m.command === 'stop')!;
    const official = await client();

    official.send(publish!);
    await official.next((m) => m.command === 'start');
    official.send(offer!);
    const answer = await official.next((m) => m.command === 'takeConfiguration');
    for (const candidate of candidates) official.send(candidate);
    official.send(stop);
    await official.notification('publish_finished', String(publish!.streamId));

    assert.deepEqual(shape(official.received), ['start', 'takeConfiguration:answer', 'notification:publish_finished']);
    assert.equal(answer.streamId, publish!.streamId);
    for (const section of ['m=audio', 'm=video', 'm=application']) assert.match(String(answer.sdp), new RegExp(section), `the answer accepts ${section}`);
    assert.ok(official.received.some((m) => m.command === 'takeCandidate' && typeof m.label === 'number'), 'server candidates carry label');
    await eventually(() => server.context.peers.openCount === 0, 'the publisher peer is freed');
  });

  it('play of an absent stream: no_stream_exist with error_code 404, and its stop is harmless', async () => {
    const [play, stop] = recording<Recorded[]>('official-play-absent');
    const official = await client();

    official.send(play!);
    const error = await official.next((m) => m.command === 'error');
    official.send(stop!);
    official.send({ command: 'ping' });
    await official.next((m) => m.command === 'pong');

    assert.deepEqual(error, { command: 'error', definition: 'no_stream_exist', streamId: play!.streamId, error_code: '404' });
    assert.deepEqual(shape(official.received), ['error:no_stream_exist', 'pong']);
  });

  it('peer-to-peer: joined, start for the first member, descriptions and candidates relayed, leave ends the call', async () => {
    const frames = recording<Array<{ from: 'a' | 'b'; message: Recorded }>>('official-p2p');
    const of = (from: 'a' | 'b', command: string, type?: string) =>
      frames.filter((f) => f.from === from && f.message.command === command && (type === undefined || f.message.type === type)).map((f) => f.message);
    const streamId = String(of('a', 'join')[0]!.streamId);
    const [alice, bob] = [await client(), await client()];

    alice.send(of('a', 'join')[0]!);
    await alice.notification('joined', streamId);
    bob.send(of('b', 'join')[0]!);
    await bob.notification('joined', streamId);
    await alice.next((m) => m.command === 'start');
    alice.send(of('a', 'takeConfiguration', 'offer')[0]!);
    const offerAtBob = await bob.next((m) => m.command === 'takeConfiguration');
    bob.send(of('b', 'takeConfiguration', 'answer')[0]!);
    const answerAtAlice = await alice.next((m) => m.command === 'takeConfiguration');
    for (const candidate of of('a', 'takeCandidate')) alice.send(candidate);
    for (const candidate of of('b', 'takeCandidate')) bob.send(candidate);
    await eventually(() => bob.received.filter((m) => m.command === 'takeCandidate').length === of('a', 'takeCandidate').length, "alice's candidates reach bob");
    alice.send(of('a', 'leave')[0]!);
    await alice.notification('leaved', streamId);
    await bob.next((m) => m.command === 'stop');

    assert.equal(offerAtBob.sdp, of('a', 'takeConfiguration', 'offer')[0]!.sdp);
    assert.deepEqual(offerAtBob.idMapping, {});
    assert.equal(answerAtAlice.sdp, of('b', 'takeConfiguration', 'answer')[0]!.sdp);
    assert.deepEqual(shape(alice.received), ['notification:joined', 'start', 'takeConfiguration:answer', 'notification:leaved']);
    assert.deepEqual(shape(bob.received), ['notification:joined', 'takeConfiguration:offer', 'stop']);
  });
});
