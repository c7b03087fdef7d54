import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock.js';
import { buildFir, buildNack, buildPli, buildRemb, buildSenderReport } from '../rtcp.js';
import { buildNackFor, buildReceiverReport, buildRtp, feedbackOf, mustSplit } from '../testing/packets.js';
import { interceptorContext } from '../testing/relay.js';
import { NackResponder } from './nackResponder.js';

const VIEWER = 0x7e7e7e7e;
const HISTORY_MS = 1000;

/** A responder on a fake down-track that has already sent `sequenceNumbers`, one distinct packet each. */
function arrange(sequenceNumbers: number[], historyPackets = 64) {
  const clock = new FakeClock();
  const { context, egress } = interceptorContext(clock);
  const responder = new NackResponder(context, { historyMs: HISTORY_MS, historyPackets });
  const sent = new Map<number, Buffer>();
  for (const sequenceNumber of sequenceNumbers) {
    const packet = buildRtp({ sequenceNumber, ssrc: context.ssrc, payload: Buffer.from(`packet ${sequenceNumber}`) });
    sent.set(sequenceNumber, packet);
    responder.sent(sequenceNumber, mustSplit(packet));
  }
  return { clock, context, stats: context.stats, egress, responder, sent };
}

describe('NackResponder', () => {
  it('resends each NACKed packet from its history, byte for byte, in the order asked', () => {
    const { context, stats, egress, responder, sent } = arrange([100, 101, 102, 103, 104]);

    responder.feedback(feedbackOf(buildNack(VIEWER, context.ssrc, [101, 103, 104])));

    assert.deepEqual(egress.rtp, [sent.get(101), sent.get(103), sent.get(104)]);
    assert.deepEqual(egress.rtcp, []);
    assert.equal(stats.nacksReceived, 1);
    assert.equal(stats.packetsRetransmitted, 3);
    assert.equal(stats.packetsMissedForNack, 0);
  });

  it('counts the packets it cannot serve as missed and still serves the rest', () => {
    const { context, stats, egress, responder, sent } = arrange([100, 101]);

    responder.feedback(feedbackOf(buildNack(VIEWER, context.ssrc, [99, 100, 105])));

    assert.deepEqual(egress.rtp, [sent.get(100)]);
    assert.equal(stats.packetsRetransmitted, 1);
    assert.equal(stats.packetsMissedForNack, 2);
  });

  it('counts every NACK it receives, served or not', () => {
    const { context, stats, responder } = arrange([100]);

    responder.feedback(feedbackOf(buildNack(VIEWER, context.ssrc, [100])));
    responder.feedback(feedbackOf(buildNack(VIEWER, context.ssrc, [7])));

    assert.equal(stats.nacksReceived, 2);
    assert.equal(stats.packetsRetransmitted, 1);
    assert.equal(stats.packetsMissedForNack, 1);
  });

  it('serves a packet exactly historyMs old, and nothing older', () => {
    const { clock, context, stats, egress, responder, sent } = arrange([100]);
    const nack = feedbackOf(buildNack(VIEWER, context.ssrc, [100]));

    clock.advance(HISTORY_MS);
    responder.feedback(nack);
    clock.advance(1);
    responder.feedback(nack);

    assert.deepEqual(egress.rtp, [sent.get(100)]);
    assert.equal(stats.packetsRetransmitted, 1);
    assert.equal(stats.packetsMissedForNack, 1);
  });

  it('forgets a packet once historyPackets newer ones have been sent', () => {
    const sequenceNumbers = Array.from({ length: 65 }, (_, i) => 1000 + i);
    const { context, stats, egress, responder, sent } = arrange(sequenceNumbers, 64);

    responder.feedback(feedbackOf(buildNack(VIEWER, context.ssrc, [1000, 1001, 1064])));

    assert.deepEqual(egress.rtp, [sent.get(1001), sent.get(1064)]);
    assert.equal(stats.packetsMissedForNack, 1);
  });

  it('serves a NACK whose bitmask runs across 65535 → 0', () => {
    const { context, stats, egress, responder, sent } = arrange([65533, 65534, 65535, 0, 1, 2]);

    // One FCI: PID 65534, BLP bits 0-2 → 65535, 0, 1 (RFC 4585 §6.2.1).
    responder.feedback(feedbackOf(buildNackFor(VIEWER, context.ssrc, [[65534, 0b111]])));

    assert.deepEqual(egress.rtp, [sent.get(65534), sent.get(65535), sent.get(0), sent.get(1)]);
    assert.deepEqual(egress.sequenceNumbers, [65534, 65535, 0, 1]);
    assert.equal(stats.packetsRetransmitted, 4);
    assert.equal(stats.packetsMissedForNack, 0);
  });

  it('ignores every other kind of feedback', () => {
    const { context, stats, egress, responder } = arrange([100, 101]);
    const others = [
      buildPli(VIEWER, context.ssrc),
      buildFir(VIEWER, context.ssrc, 1),
      buildRemb(VIEWER, 500_000, [context.ssrc]),
      buildReceiverReport(VIEWER, []),
      buildSenderReport(VIEWER, { ntpSeconds: 1, ntpFraction: 0, rtpTimestamp: 100, packetCount: 1, octetCount: 1 }),
    ];

    for (const packet of others) responder.feedback(feedbackOf(packet));

    assert.deepEqual(egress.rtp, []);
    assert.deepEqual(egress.rtcp, []);
    assert.deepEqual(
      [stats.nacksReceived, stats.packetsRetransmitted, stats.packetsMissedForNack],
      [0, 0, 0],
    );
  });
});
