import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock.js';
import { parseRtcp, type SenderInfo } from '../rtcp.js';
import { interceptorContext, TIMESTAMP_OFFSET } from '../testing/relay.js';
import { SenderReportRewriter } from './senderReportRewriter.js';

const OURS = 0xd0d0d0d0;

/** The publisher's SR: its own counts, which must not leak to the viewer. */
const SOURCE_REPORT: SenderInfo = {
  ntpSeconds: 0xe5a1beef,
  ntpFraction: 0x12345678,
  rtpTimestamp: 0xffff_f000,
  packetCount: 99_999,
  octetCount: 88_888_888,
};
/** Middle 32 bits of its NTP time (RFC 3550 §6.4.1): the LSR a viewer's RR echoes back. */
const SOURCE_REPORT_LSR = 0xbeef1234;

/** A rewriter on a track that has sent `packetsSent` packets carrying `payloadBytesSent` octets of payload. */
function arrange({ packetsSent = 10, payloadBytesSent = 12_345 } = {}) {
  const clock = new FakeClock();
  const mapped: number[] = [];
  const { context, egress } = interceptorContext(clock, {
    ssrc: OURS,
    outgoingTimestamp: (timestamp) => {
      mapped.push(timestamp);
      return (timestamp + TIMESTAMP_OFFSET) >>> 0;
    },
  });
  Object.assign(context.stats, { packetsSent, payloadBytesSent, bytesSent: packetsSent * 1200 });
  const rewriter = new SenderReportRewriter(context);
  return { clock, context, egress, rewriter, mapped };
}

function reportAt(ntpSeconds: number): SenderInfo {
  return { ...SOURCE_REPORT, ntpSeconds };
}

describe('SenderReportRewriter', () => {
  it("sends one SR per source SR: our SSRC, the source's NTP time, the timestamp on our timeline, our counts", () => {
    const { egress, rewriter, mapped } = arrange({ packetsSent: 10, payloadBytesSent: 12_345 });

    rewriter.sourceReport(SOURCE_REPORT);

    assert.equal(egress.rtcp.length, 1);
    assert.deepEqual(parseRtcp(egress.rtcp[0]!), [
      {
        type: 'sr',
        senderSsrc: OURS,
        info: {
          ntpSeconds: 0xe5a1beef,
          ntpFraction: 0x12345678,
          rtpTimestamp: (0xffff_f000 + TIMESTAMP_OFFSET) % 2 ** 32,
          packetCount: 10,
          octetCount: 12_345,
        },
      },
    ]);
    assert.deepEqual(mapped, [0xffff_f000]);
    assert.deepEqual(egress.rtp, []);
    assert.equal(rewriter.reportsSent, 1);
  });

  it('counts what the track has sent when each report goes', () => {
    const { context, egress, rewriter } = arrange({ packetsSent: 1, payloadBytesSent: 100 });

    rewriter.sourceReport(reportAt(1000));
    Object.assign(context.stats, { packetsSent: 51, payloadBytesSent: 60_100 });
    rewriter.sourceReport(reportAt(1005));

    const counts = egress.rtcp.flatMap(parseRtcp).map((sr) => (sr.type === 'sr' ? [sr.info.packetCount, sr.info.octetCount] : []));
    assert.deepEqual(counts, [[1, 100], [51, 60_100]]);
    assert.equal(rewriter.reportsSent, 2);
  });

  it('sends nothing before the track has sent its first packet', () => {
    const { egress, rewriter, mapped } = arrange({ packetsSent: 0, payloadBytesSent: 0 });

    rewriter.sourceReport(SOURCE_REPORT);

    assert.deepEqual(egress.rtcp, []);
    assert.deepEqual(mapped, []);
    assert.equal(rewriter.reportsSent, 0);
    assert.equal(rewriter.sentTimeOf(SOURCE_REPORT_LSR), undefined);
  });

  it('knows when it sent the report an LSR names (the middle 32 bits of its NTP time)', () => {
    const { clock, rewriter } = arrange();
    clock.advance(7_000);

    rewriter.sourceReport(SOURCE_REPORT);
    clock.advance(2_500);

    assert.equal(rewriter.sentTimeOf(SOURCE_REPORT_LSR), 7_000);
    assert.equal(rewriter.sentTimeOf(0xe5a1beef), undefined);
    assert.equal(rewriter.sentTimeOf(0), undefined);
  });

  it('tells its reports apart by NTP time', () => {
    const { clock, rewriter } = arrange();

    rewriter.sourceReport({ ...SOURCE_REPORT, ntpSeconds: 0x0001_0001, ntpFraction: 0x8000_0000 });
    clock.advance(1_000);
    rewriter.sourceReport({ ...SOURCE_REPORT, ntpSeconds: 0x0001_0002, ntpFraction: 0x0000_ffff });

    assert.equal(rewriter.sentTimeOf(0x0001_8000), 0);
    assert.equal(rewriter.sentTimeOf(0x0002_0000), 1_000);
  });

  it('remembers only a bounded number of the newest reports', () => {
    const { clock, rewriter } = arrange();
    const reports = 100;

    for (let i = 0; i < reports; i++) {
      rewriter.sourceReport(reportAt(0x10000 + i)); // LSR (i << 16) | 0x1234
      clock.advance(1_000);
    }

    const remembered = Array.from({ length: reports }, (_, i) => rewriter.sentTimeOf(((i << 16) | 0x1234) >>> 0));
    const kept = remembered.filter((sentAt) => sentAt !== undefined).length;
    assert.ok(kept >= 2 && kept < reports, `kept ${kept} of ${reports}`);
    assert.deepEqual(
      remembered,
      remembered.map((_, i) => (i >= reports - kept ? i * 1_000 : undefined)),
    );
  });
});
