import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { PacketHistory } from './packetHistory.js';

const packet = (n: number) => Buffer.from([n & 0xff, n >> 8]);

describe('PacketHistory', () => {
  it('serves a packet up to maxAge after it was put, and not after', () => {
    const clock = new FakeClock();
    const history = new PacketHistory(clock, 1000, 16);
    history.put(7, packet(7));

    clock.advance(1000);
    const atMaxAge = history.get(7);
    clock.advance(1);
    const pastMaxAge = history.get(7);

    assert.deepEqual(atMaxAge, packet(7));
    assert.equal(pastMaxAge, undefined);
  });

  it('serves nothing for a sequence number never put', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 16);
    history.put(1, packet(1));

    assert.equal(history.get(2), undefined);
  });

  it('does not serve an overwritten slot for the old sequence number', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 16);
    for (let seq = 0; seq < 17; seq++) history.put(seq, packet(seq));

    assert.equal(history.get(0), undefined, 'slot 0 now holds 16');
    assert.deepEqual(history.get(16), packet(16));
    assert.deepEqual(history.get(1), packet(1));
  });

  it('rounds the capacity up to a power of two', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 10);
    for (let seq = 0; seq < 16; seq++) history.put(seq, packet(seq));

    assert.deepEqual(history.get(0), packet(0), 'ten asked for, sixteen kept');
    history.put(16, packet(16));
    assert.equal(history.get(0), undefined);
  });

  it('keeps packets across the 65535 → 0 wrap-around', () => {
    const history = new PacketHistory(new FakeClock(), 1000, 8);
    for (const seq of [65534, 65535, 0, 1]) history.put(seq, packet(seq));

    assert.deepEqual([65534, 65535, 0, 1].map((seq) => history.get(seq)), [65534, 65535, 0, 1].map(packet));
  });
});
