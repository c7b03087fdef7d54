import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { PacketHistory } from './packetHistory.js';
import { joinRtp, MAX_HEAD_BYTES, type RtpParts } from './rtpParts.js';
import { buildRtp, mustSplit } from './testing/packets.js';

const packet = (n: number): RtpParts => mustSplit(buildRtp({ sequenceNumber: n, payload: Buffer.from(`payload ${n}`) }));
const served = (history: PacketHistory, n: number): Buffer | undefined => {
  const parts = history.get(n);
  return parts && joinRtp(parts);
};
const whole = (n: number): Buffer => joinRtp(packet(n));

describe('PacketHistory', () => {
  it('serves a packet up to maxAge after it was put, and not after', () => {
    const clock = new FakeClock();
    const history = new PacketHistory(clock, 1000, 16);
    history.put(7, packet(7));

    clock.advance(1000);
    const atMaxAge = served(history, 7);
    clock.advance(1);
    const pastMaxAge = served(history, 7);

    assert.deepEqual(atMaxAge, whole(7));
    assert.equal(pastMaxAge, undefined);
  });

  it('serves nothing for a sequence number never put', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 16);
    history.put(1, packet(1));

    assert.equal(history.get(2), undefined);
    assert.equal(new PacketHistory(new FakeClock(), 1000, 16).get(0), undefined, 'an empty slot is not sequence number 0');
  });

  it('does not serve an overwritten slot for the old sequence number', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 16);
    for (let seq = 0; seq < 17; seq++) history.put(seq, packet(seq));

    assert.equal(history.get(0), undefined, 'slot 0 now holds 16');
    assert.deepEqual(served(history, 16), whole(16));
    assert.deepEqual(served(history, 1), whole(1));
  });

  it('rounds the capacity up to a power of two', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 10);
    for (let seq = 0; seq < 16; seq++) history.put(seq, packet(seq));

    assert.deepEqual(served(history, 0), whole(0), 'ten asked for, sixteen kept');
    history.put(16, packet(16));
    assert.equal(history.get(0), undefined);
  });

  it('keeps packets across the 65535 → 0 wrap-around', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 8);
    for (const seq of [65534, 65535, 0, 1]) history.put(seq, packet(seq));

    assert.deepEqual([65534, 65535, 0, 1].map((seq) => served(history, seq)), [65534, 65535, 0, 1].map(whole));
  });

  it('copies the head, which the down-track reuses, and keeps the shared tail by reference', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 8);
    const head = Buffer.from(packet(5).head);
    const tail = Buffer.from('shared payload');
    history.put(5, { head, headerBytes: 12, tail });

    head.fill(0);
    const kept = history.get(5)!;

    assert.deepEqual(kept.head, packet(5).head);
    assert.equal(kept.tail, tail, 'the same Buffer, not a copy');
  });

  it('keeps payload bytes carried in the head apart from the header', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 8);
    const head = Buffer.concat([packet(9).head, Buffer.from([0x90, 0x80, 0x81, 0x23])]);
    history.put(9, { head, headerBytes: 12, tail: Buffer.from('rest') });

    const kept = history.get(9)!;

    assert.equal(kept.headerBytes, 12);
    assert.deepEqual(kept.head, head);
  });

  it('refuses a head longer than any the relay writes', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 8);

    assert.throws(() => history.put(1, { head: Buffer.alloc(MAX_HEAD_BYTES + 1, 0x80), headerBytes: 12, tail: Buffer.alloc(0) }), RangeError);
  });
});
