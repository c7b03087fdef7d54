import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock.js';
import { buildPli, type RtcpFeedback, type SenderInfo } from '../rtcp.js';
import { buildNackFor, buildReceiverReport, buildRtp, feedbackOf, mustSplit } from '../testing/packets.js';
import { TUNING, interceptorContext } from '../testing/relay.js';
import { defaultChain } from './defaultChain.js';
import { KeyframeForwarder } from './keyframeForwarder.js';
import { NackResponder } from './nackResponder.js';
import { ReceiverReportReader } from './receiverReportReader.js';
import { SenderReportRewriter } from './senderReportRewriter.js';

const VIEWER = 0x7e7e7e7e;
const SOURCE_REPORT: SenderInfo = { ntpSeconds: 0xe5a1_0010, ntpFraction: 0x4000_0000, rtpTimestamp: 90_000, packetCount: 5, octetCount: 500 };

/** The default chain on a fake down-track, driven the way DownTrack drives it: every interceptor sees every event. */
function arrange() {
  const clock = new FakeClock();
  const harness = interceptorContext(clock);
  const chain = defaultChain(harness.context, { historyMs: TUNING.historyMs, historyPackets: TUNING.historyPackets });
  const { interceptors } = chain;
  const track = {
    sent: (sequenceNumber: number, packet: Buffer) => interceptors.forEach((i) => i.sent?.(sequenceNumber, mustSplit(packet))),
    feedback: (feedback: RtcpFeedback) => interceptors.forEach((i) => i.feedback?.(feedback)),
    sourceReport: (info: SenderInfo) => interceptors.forEach((i) => i.sourceReport?.(info)),
  };
  return { clock, ...harness, stats: harness.context.stats, chain, track };
}

describe('defaultChain', () => {
  it('holds one of each interceptor, the reader it exposes among them', () => {
    const { chain } = arrange();

    const kinds = [NackResponder, KeyframeForwarder, ReceiverReportReader, SenderReportRewriter];
    assert.deepEqual(
      kinds.map((kind) => chain.interceptors.filter((i) => i instanceof kind).length),
      [1, 1, 1, 1],
    );
    assert.equal(chain.interceptors.length, 4);
    assert.ok(chain.interceptors.includes(chain.receiverReports));
  });

  it('measures RTT over a full round: source SR → our SR → the viewer’s RR naming it', () => {
    const { clock, context, egress, stats, chain, track } = arrange();
    stats.packetsSent = 1;
    stats.payloadBytesSent = 100;
    clock.advance(10_000);

    track.sourceReport(SOURCE_REPORT);
    const ours = feedbackOf(egress.rtcp[0]!);
    assert.equal(ours.type, 'sr');
    const { ntpSeconds, ntpFraction } = ours.type === 'sr' ? ours.info : SOURCE_REPORT;
    const lsr = (((ntpSeconds & 0xffff) << 16) | (ntpFraction >>> 16)) >>> 0;
    assert.equal(lsr, 0x0010_4000);
    clock.advance(800);
    const held = 0x8000; // 500 ms in 1/65536 s (RFC 3550 §6.4.1)
    track.feedback(feedbackOf(buildReceiverReport(VIEWER, [
      { ssrc: context.ssrc, fractionLost: 0, packetsLost: 0, highestSequence: 1, jitter: 0, lastSenderReport: lsr, delaySinceLastSenderReport: held },
    ])));

    assert.equal(chain.receiverReports.rttMs, 300);
    assert.equal(chain.receiverReports.latest?.lastSenderReport, lsr);
    assert.deepEqual(egress.rtp, []);
  });

  it('answers a NACK and a PLI through the chain, each once', () => {
    const { context, egress, stats, source, track } = arrange();
    const packet = buildRtp({ sequenceNumber: 42, ssrc: context.ssrc });
    track.sent(42, packet);

    track.feedback(feedbackOf(buildNackFor(VIEWER, context.ssrc, [[42, 0]])));
    track.feedback(feedbackOf(buildPli(VIEWER, context.ssrc)));

    assert.deepEqual(egress.rtp, [packet]);
    assert.deepEqual(source.upstreamRequests, [source.publisher.ssrc]);
    assert.deepEqual([stats.nacksReceived, stats.packetsRetransmitted, stats.plisReceived], [1, 1, 1]);
  });
});
