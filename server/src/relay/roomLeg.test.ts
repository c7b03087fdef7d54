import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { RoomLeg, type RoomBinding } from './roomLeg.js';
import { joinRtp } from './rtpParts.js';
import { StreamRelay } from './streamRelay.js';
import { FRAME_MS, layerPublisher, OPUS, originOf, TUNING, VP8, type FakePublisher } from './testing/relay.js';
import type { SourceTrack } from './sourceTrack.js';

const LOW = { height: 180, bitrate: 150_000 };
const HIGH = { height: 720, bitrate: 1_500_000 };

interface FakeParticipant {
  relay: StreamRelay;
  feeds: Array<{ source: SourceTrack; publisher: FakePublisher }>;
}

/** A participant publishing two simulcast layers (distinct SSRCs per participant). */
function participant(clock: FakeClock, id: string, base: number): FakeParticipant {
  const relay = new StreamRelay(id, clock, TUNING);
  const feeds = [LOW, HIGH].map((spec, i) => {
    const publisher = layerPublisher({ ...spec, ssrc: base + i });
    return { source: relay.addSource(VP8, publisher.requestKeyframe, String(i)), publisher };
  });
  return { relay, feeds };
}

function run(clock: FakeClock, people: FakeParticipant[], ms: number): void {
  for (let t = 0; t < ms; t += FRAME_MS) {
    for (const p of people) for (const { source, publisher } of p.feeds) source.pushRtp(publisher.frame());
    clock.advance(FRAME_MS);
  }
}

function recordingBinding(ssrc: number, sent: Buffer[]): RoomBinding {
  return { ssrc, payloadType: 96, egress: { sendRtp: (packet) => sent.push(joinRtp(packet)), sendRtcp: () => undefined } };
}

function legFor(clock: FakeClock, people: Map<string, FakeParticipant>, slots?: (s: string[]) => void) {
  return new RoomLeg({
    clock,
    tuning: TUNING,
    tickMs: 100,
    speakerHoldMs: 500,
    speakerMarginLevels: 6,
    participants: () => new Map([...people].map(([id, p]) => [id, p.relay])),
    ...(slots ? { assignmentsChanged: (s: string[]) => slots(s) } : {}),
  });
}

describe('RoomLeg', () => {
  it('sends each participant’s video on its own track, at the layer its share of the ceiling allows', () => {
    const clock = new FakeClock();
    const people = new Map([['a', participant(clock, 'a', 0xa00)], ['b', participant(clock, 'b', 0xb00)]]);
    run(clock, [...people.values()], 200); // layers announce their sizes
    const sent = { a: [] as Buffer[], b: [] as Buffer[] };
    const leg = legFor(clock, people);
    leg.leg.estimateCap = 2_000_000;
    leg.setLayout({ audio: new Map(), video: { mode: 'perParticipant', tracks: new Map([['a', recordingBinding(1, sent.a)], ['b', recordingBinding(2, sent.b)]]) } });
    run(clock, [...people.values()], 3000);
    // Two tiles share 2 Mbps: 1 Mbps each fits only the 150 kbps layer.
    assert.equal(originOf(sent.a.at(-1)!), 0xa00);
    assert.equal(originOf(sent.b.at(-1)!), 0xb00);
    leg.close();

    const alone = { a: [] as Buffer[] };
    const single = legFor(clock, new Map([['a', people.get('a')!]]));
    single.leg.estimateCap = 2_000_000;
    single.setLayout({ audio: new Map(), video: { mode: 'perParticipant', tracks: new Map([['a', recordingBinding(3, alone.a)]]) } });
    run(clock, [...people.values()], 3000);
    assert.equal(originOf(alone.a.at(-1)!), 0xa01, 'one tile gets the whole ceiling: the 720p layer');
    single.close();
  });

  it('shows a participant whose higher layers never start (a small picture, Chrome sends one layer): the one that sends', () => {
    const clock = new FakeClock();
    const small = participant(clock, 'a', 0xa00);
    const announcedOnly = small.relay.addSource(VP8, () => undefined, 'f');
    const people = new Map([['a', { ...small, feeds: small.feeds.slice(0, 1) }]]);
    run(clock, [...people.values()], 200);
    const sent: Buffer[] = [];
    const leg = legFor(clock, people);
    leg.setLayout({ audio: new Map(), video: { mode: 'perParticipant', tracks: new Map([['a', recordingBinding(1, sent)]]) } });
    run(clock, [...people.values()], 500);
    assert.ok(sent.length > 0, 'the viewer gets video at once, not after the silent layer is given up');
    run(clock, [...people.values()], 3000);
    assert.equal(announcedOnly.packetsReceived, 0);
    assert.equal(originOf(sent.at(-1)!), 0xa00);
    leg.close();
  });

  it('moves a capped slot to a louder participant on the same SSRC, and drops tracks the layout no longer has', () => {
    const clock = new FakeClock();
    const people = new Map([['a', participant(clock, 'a', 0xa00)], ['b', participant(clock, 'b', 0xb00)]]);
    const loud = new Map<string, number>([['a', 10], ['b', 127]]);
    for (const [id, p] of people) Object.defineProperty(p.relay, 'audioLevel', { get: () => loud.get(id) });
    run(clock, [...people.values()], 200);
    const sent: Buffer[] = [];
    const assignments: string[][] = [];
    const leg = legFor(clock, people, (s) => assignments.push(s));
    leg.setLayout({ audio: new Map(), video: { mode: 'slots', tracks: [recordingBinding(7, sent)] } });
    run(clock, [...people.values()], 1000);
    assert.deepEqual(assignments, [['a']]);
    assert.ok([0xa00, 0xa01].includes(originOf(sent.at(-1)!)));
    loud.set('a', 127).set('b', 5);
    run(clock, [...people.values()], 1500);
    assert.deepEqual(assignments, [['a'], ['b']]);
    assert.ok([0xb00, 0xb01].includes(originOf(sent.at(-1)!)), 'the slot now carries b');
    assert.ok(sent.every((p) => p.readUInt32BE(8) === 7), 'one SSRC throughout');
    const sequence = sent.map((p) => p.readUInt16BE(2));
    assert.ok(sequence.every((n, i) => i === 0 || n === ((sequence[i - 1]! + 1) & 0xffff)), 'unbroken sequence numbers across the switch');
    leg.setLayout({ audio: new Map(), video: { mode: 'slots', tracks: [] } });
    const before = sent.length;
    run(clock, [...people.values()], 500);
    assert.equal(sent.length, before, 'a removed slot sends nothing');
    assert.equal(leg.downTracks.length, 0);
    leg.close();
  });

  it('stops sending a participant the viewer disabled, and resumes it', () => {
    const clock = new FakeClock();
    const people = new Map([['a', participant(clock, 'a', 0xa00)], ['b', participant(clock, 'b', 0xb00)]]);
    run(clock, [...people.values()], 200);
    const sent = { a: [] as Buffer[], b: [] as Buffer[] };
    const leg = legFor(clock, people);
    leg.setLayout({ audio: new Map(), video: { mode: 'perParticipant', tracks: new Map([['a', recordingBinding(1, sent.a)], ['b', recordingBinding(2, sent.b)]]) } });
    run(clock, [...people.values()], 1000);
    leg.setParticipantEnabled('a', 'video', false);
    const [aBefore, bBefore] = [sent.a.length, sent.b.length];
    run(clock, [...people.values()], 1000);
    assert.equal(sent.a.length, aBefore, 'nothing of a while disabled');
    assert.ok(sent.b.length > bBefore + 20, 'b carries on');
    leg.setParticipantEnabled('a', 'video', true);
    run(clock, [...people.values()], 1500);
    assert.ok(sent.a.length > aBefore + 10, 'a resumes (at its next keyframe)');
    leg.close();
  });

  it('fills capped slots from the page of participants asked for, skipping those whose video is disabled', () => {
    const clock = new FakeClock();
    const people = new Map(['a', 'b', 'c', 'd'].map((id, i) => [id, participant(clock, id, 0xa00 + 0x100 * i)] as const));
    run(clock, [...people.values()], 200);
    const assignments: string[][] = [];
    const leg = legFor(clock, people, (s) => assignments.push(s));
    leg.setLayout({ audio: new Map(), video: { mode: 'slots', tracks: [recordingBinding(1, []), recordingBinding(2, [])] } });
    run(clock, [...people.values()], 300);
    assert.deepEqual(leg.slots.slots, ['a', 'b']);
    leg.showPage(2, 2);
    run(clock, [...people.values()], 300);
    assert.deepEqual(leg.slots.slots.slice().sort(), ['c', 'd'], 'the second page');
    leg.setParticipantEnabled('c', 'video', false);
    run(clock, [...people.values()], 300);
    assert.deepEqual(leg.slots.slots.filter((id) => id !== ''), ['d'], 'a participant without video takes no slot');
    leg.close();
  });

  it('feeds each participant’s audio to its own track', () => {
    const clock = new FakeClock();
    const relay = new StreamRelay('a', clock, TUNING);
    const publisher = layerPublisher({ ...LOW, ssrc: 0xaaa });
    const audio = relay.addSource(OPUS, publisher.requestKeyframe);
    const sent: Buffer[] = [];
    const leg = new RoomLeg({ clock, tuning: TUNING, tickMs: 100, speakerHoldMs: 500, speakerMarginLevels: 6, participants: () => new Map([['a', relay]]) });
    leg.setLayout({ audio: new Map([['a', recordingBinding(9, sent)]]), video: { mode: 'perParticipant', tracks: new Map() } });
    for (let i = 0; i < 10; i++) audio.pushRtp(publisher.audio());
    assert.equal(sent.length, 10);
    assert.equal(originOf(sent[0]!), 0xaaa);
    leg.close();
  });
});
