import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFir, buildNack, buildPli, buildRemb, parseRtcp, type ReportBlock, type RtcpFeedback } from './rtcp.js';
import { buildFirFor, buildReceiverReport } from './testing/packets.js';

const SENDER = 0x0badf00d;
const MEDIA = 0x5eed0001;

function parseOnly(packet: Buffer): RtcpFeedback {
  const parsed = parseRtcp(packet);
  assert.equal(parsed.length, 1, `expected one packet in ${packet.toString('hex')}`);
  return parsed[0]!;
}

function lostOf(packet: Buffer): number[] {
  const feedback = parseOnly(packet);
  assert.equal(feedback.type, 'nack');
  return feedback.type === 'nack' ? feedback.lost : [];
}

const BLOCKS: ReportBlock[] = [
  { ssrc: MEDIA, fractionLost: 25, packetsLost: 1234, highestSequence: 0x0001fff0, jitter: 77, lastSenderReport: 0x11223344, delaySinceLastSenderReport: 65536 },
  { ssrc: 0x5eed0002, fractionLost: 0, packetsLost: -3, highestSequence: 42, jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0 },
];

describe('rtcp: PLI and FIR', () => {
  it('round-trips a PLI', () => {
    assert.deepEqual(parseRtcp(buildPli(SENDER, MEDIA)), [{ type: 'pli', senderSsrc: SENDER, mediaSsrc: MEDIA }]);
  });

  it('round-trips a FIR', () => {
    assert.deepEqual(buildFir(SENDER, MEDIA, 9), buildFirFor(SENDER, [MEDIA], 9));
    assert.deepEqual(parseRtcp(buildFir(SENDER, MEDIA, 9)), [{ type: 'fir', senderSsrc: SENDER, mediaSsrcs: [MEDIA] }]);
  });

  it('reads every FCI entry of a FIR naming several SSRCs', () => {
    assert.deepEqual(parseRtcp(buildFirFor(SENDER, [1, 2, 3])), [{ type: 'fir', senderSsrc: SENDER, mediaSsrcs: [1, 2, 3] }]);
  });
});

describe('rtcp: generic NACK', () => {
  it('round-trips a single lost packet', () => {
    assert.deepEqual(parseRtcp(buildNack(SENDER, MEDIA, [100])), [{ type: 'nack', senderSsrc: SENDER, mediaSsrc: MEDIA, lost: [100] }]);
  });

  it('packs a run of up to 17 losses into one PID + bitmask item', () => {
    const lost = [200, 201, 203, 216];

    const packet = buildNack(SENDER, MEDIA, lost);

    assert.equal(packet.length, 16, 'one FCI item');
    assert.equal(packet.readUInt16BE(14), 0b1000_0000_0000_0101);
    assert.deepEqual(lostOf(packet), lost);
  });

  it('starts a new item when a loss is beyond the bitmask', () => {
    const lost = [300, 317, 318];

    assert.deepEqual(lostOf(buildNack(SENDER, MEDIA, lost)), lost);
  });

  it('round-trips losses across the 65535 → 0 wrap-around', () => {
    const lost = [65533, 65535, 0, 2];

    const parsed = lostOf(buildNack(SENDER, MEDIA, lost));

    assert.deepEqual([...parsed].sort((a, b) => a - b), [...lost].sort((a, b) => a - b));
  });

  it('reads a bitmask that runs past 65535 as sequence numbers after the wrap', () => {
    const packet = buildNack(SENDER, MEDIA, [65534]);
    packet.writeUInt16BE(0b111, 14);

    assert.deepEqual(lostOf(packet), [65534, 65535, 0, 1]);
  });
});

describe('rtcp: REMB', () => {
  it('round-trips a bitrate that fits the mantissa', () => {
    assert.deepEqual(parseRtcp(buildRemb(SENDER, 200_000, [MEDIA])), [{ type: 'remb', senderSsrc: SENDER, bitrate: 200_000, ssrcs: [MEDIA] }]);
  });

  it('uses an exponent for a large bitrate and keeps several SSRCs', () => {
    const ssrcs = [MEDIA, 0x5eed0002, 0xffffffff];

    const packet = buildRemb(SENDER, 3_000_000, ssrcs);

    assert.equal(packet[17]! >> 2, 4, 'exponent: 3 000 000 = 187 500 × 2⁴');
    assert.deepEqual(parseOnly(packet), { type: 'remb', senderSsrc: SENDER, bitrate: 3_000_000, ssrcs });
  });

  it('rounds an unrepresentable bitrate down by less than one mantissa step', () => {
    const feedback = parseOnly(buildRemb(SENDER, 123_456_789, [MEDIA]));

    assert.ok(feedback.type === 'remb');
    assert.ok(feedback.bitrate <= 123_456_789 && feedback.bitrate > 123_456_789 * (1 - 2 ** -17), String(feedback.bitrate));
  });
});

describe('rtcp: receiver reports and compound packets', () => {
  it('reads the report blocks of a receiver report, with a negative cumulative loss', () => {
    assert.deepEqual(parseRtcp(buildReceiverReport(SENDER, BLOCKS)), [{ type: 'rr', senderSsrc: SENDER, reports: BLOCKS }]);
  });

  it('splits a compound RR + PLI + NACK', () => {
    const compound = Buffer.concat([buildReceiverReport(SENDER, BLOCKS.slice(0, 1)), buildPli(SENDER, MEDIA), buildNack(SENDER, MEDIA, [5, 6])]);

    assert.deepEqual(parseRtcp(compound), [
      { type: 'rr', senderSsrc: SENDER, reports: BLOCKS.slice(0, 1) },
      { type: 'pli', senderSsrc: SENDER, mediaSsrc: MEDIA },
      { type: 'nack', senderSsrc: SENDER, mediaSsrc: MEDIA, lost: [5, 6] },
    ]);
  });

  it('skips packet types it does not act on and keeps reading', () => {
    const sdes = Buffer.from([0x81, 202, 0x00, 0x01, 0, 0, 0, 1]);
    const twcc = Buffer.from(buildNack(SENDER, MEDIA, [1]));
    twcc[0] = 0x80 | 15;

    assert.deepEqual(parseRtcp(Buffer.concat([sdes, twcc, buildPli(SENDER, MEDIA)])), [{ type: 'pli', senderSsrc: SENDER, mediaSsrc: MEDIA }]);
  });
});

describe('rtcp: malformed input', () => {
  it('yields [] for garbage, without throwing', () => {
    const garbage = [Buffer.alloc(0), Buffer.alloc(3), Buffer.alloc(64), Buffer.from('not rtcp at all, just text'), Buffer.alloc(64, 0xff)];
    for (const buf of garbage) assert.deepEqual(parseRtcp(buf), [], buf.toString('hex'));
  });

  it('yields [] for every truncation of a valid packet', () => {
    for (const packet of [buildPli(SENDER, MEDIA), buildFir(SENDER, MEDIA, 1), buildNack(SENDER, MEDIA, [1, 40]), buildRemb(SENDER, 5e6, [1, 2])]) {
      for (let length = 0; length < packet.length; length++) {
        assert.deepEqual(parseRtcp(packet.subarray(0, length)), [], `${packet.toString('hex')} cut to ${length}`);
      }
    }
  });

  it('keeps the packets before a truncated one in a compound', () => {
    const compound = Buffer.concat([buildPli(SENDER, MEDIA), buildNack(SENDER, MEDIA, [1]).subarray(0, 14)]);

    assert.deepEqual(parseRtcp(compound), [{ type: 'pli', senderSsrc: SENDER, mediaSsrc: MEDIA }]);
  });

  it('survives random bytes behind a valid RTCP header', () => {
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (let round = 0; round < 500; round++) {
      const buf = Buffer.from(Array.from({ length: 8 + (round % 40) }, next));
      buf[0] = 0x80 | (buf[0]! & 0x3f);
      buf.writeUInt16BE(Math.floor((buf.length - 4) / 4), 2);
      assert.doesNotThrow(() => parseRtcp(buf));
    }
  });
});
