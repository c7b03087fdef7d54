import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock.js';
import { buildNack, buildPli, type ReportBlock } from '../rtcp.js';
import { buildReceiverReport, feedbackOf } from '../testing/packets.js';
import { interceptorContext } from '../testing/relay.js';
import { ReceiverReportReader } from './receiverReportReader.js';

const VIEWER = 0x7e7e7e7e;
const OURS = 0xd0d0d0d0;

function block(overrides: Partial<ReportBlock> = {}): ReportBlock {
  return { ssrc: OURS, fractionLost: 0, packetsLost: 0, highestSequence: 0, jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0, ...overrides };
}

/**
 * RFC 3550 §6.4.1, Figure 2: our SR carried NTP 46853.125 s (LSR 0xb705:2000),
 * the receiver held it 5.25 s (DLSR 0x0005:4000) and its RR arrived at
 * 46864.500 s (A 0xb710:8000): RTT = A - LSR - DLSR = 6.125 s (0x0006:2000).
 */
const FIGURE_2 = { lsr: 0xb7052000, dlsr: 0x00054000, heldMs: 5250, arrivedAtMs: 46_864_500, rttMs: 6125 };

/** A reader on SSRC OURS whose `sentTimeOf` knows our SRs by LSR and records what it was asked. */
function arrange(sent: Record<number, number> = {}) {
  const clock = new FakeClock();
  const { context } = interceptorContext(clock, { ssrc: OURS });
  const asked: number[] = [];
  const reader = new ReceiverReportReader(context, (lsr) => {
    asked.push(lsr);
    return sent[lsr];
  });
  const receive = (...blocks: ReportBlock[]) => reader.feedback(feedbackOf(buildReceiverReport(VIEWER, blocks)));
  return { clock, reader, asked, receive };
}

describe('ReceiverReportReader', () => {
  it('keeps the block that names this track and ignores the others', () => {
    const { reader, receive } = arrange();
    const ours = block({ fractionLost: 64, packetsLost: 12, highestSequence: 0x0001_0203, jitter: 90 });

    receive(block({ ssrc: 0x1111, fractionLost: 255 }), ours, block({ ssrc: 0x2222, packetsLost: 99 }));

    assert.deepEqual(reader.latest, ours);
  });

  it('keeps its last block when a report does not name this track', () => {
    const { reader, receive } = arrange();
    const ours = block({ fractionLost: 10 });
    receive(ours);

    receive(block({ ssrc: 0x1111, fractionLost: 200 }));
    receive();

    assert.deepEqual(reader.latest, ours);
  });

  it('ignores feedback other than receiver reports', () => {
    const { reader, asked } = arrange();

    reader.feedback(feedbackOf(buildPli(VIEWER, OURS)));
    reader.feedback(feedbackOf(buildNack(VIEWER, OURS, [1])));

    assert.equal(reader.latest, undefined);
    assert.equal(reader.rttMs, undefined);
    assert.deepEqual(asked, []);
  });

  it('measures RTT as now - sent time - DLSR/65536 s (RFC 3550 §6.4.1, Figure 2)', () => {
    const sentAtMs = FIGURE_2.arrivedAtMs - FIGURE_2.rttMs - FIGURE_2.heldMs;
    const { clock, reader, asked, receive } = arrange({ [FIGURE_2.lsr]: sentAtMs });
    clock.advance(FIGURE_2.arrivedAtMs);

    receive(block({ lastSenderReport: FIGURE_2.lsr, delaySinceLastSenderReport: FIGURE_2.dlsr }));

    assert.deepEqual(asked, [FIGURE_2.lsr]);
    assert.equal(reader.rttMs, FIGURE_2.rttMs);
  });

  it('has no RTT while the viewer has had no SR (LSR 0), without asking for one', () => {
    const { clock, reader, asked, receive } = arrange({ 0: 0 });
    clock.advance(5000);

    receive(block({ lastSenderReport: 0, delaySinceLastSenderReport: 0x10000 }));

    assert.equal(reader.rttMs, undefined);
    assert.deepEqual(asked, []);
    assert.notEqual(reader.latest, undefined);
  });

  it('has no RTT when the LSR names no SR of ours', () => {
    const { clock, reader, asked, receive } = arrange({ [FIGURE_2.lsr]: 0 });
    clock.advance(FIGURE_2.arrivedAtMs);

    receive(block({ lastSenderReport: 0xdeadbeef, delaySinceLastSenderReport: FIGURE_2.dlsr }));

    assert.deepEqual(asked, [0xdeadbeef]);
    assert.equal(reader.rttMs, undefined);
  });

  it('keeps the last RTT when a later report names no SR of ours', () => {
    const { clock, reader, receive } = arrange({ 0xaaaa0000: 1000 });
    clock.advance(1800);
    receive(block({ lastSenderReport: 0xaaaa0000, delaySinceLastSenderReport: 0x8000 })); // held 500 ms: RTT 300 ms

    receive(block({ lastSenderReport: 0xbbbb0000, delaySinceLastSenderReport: 0 }));
    receive(block({ lastSenderReport: 0 }));

    assert.equal(reader.rttMs, 300);
  });

  it('never reports a negative RTT when DLSR exceeds the time since our SR', () => {
    const { clock, reader, receive } = arrange({ 0xaaaa0000: 1000 });
    clock.advance(1200);

    receive(block({ lastSenderReport: 0xaaaa0000, delaySinceLastSenderReport: 0x10000 })); // held 1 s, only 200 ms passed

    assert.equal(reader.rttMs, 0);
  });
});
