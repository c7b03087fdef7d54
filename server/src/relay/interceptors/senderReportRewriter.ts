/**
 * Sends the viewer a sender report (RFC 3550 §6.4.1) for each one the
 * publisher sends: the publisher's wall-clock time paired with the same
 * instant on this track's rewritten RTP timeline. Audio and video of one
 * publisher share its wall clock, so the viewer can align them (lip sync)
 * whatever offsets each track was given.
 */
import { buildSenderReport, type SenderInfo } from '../rtcp.js';
import type { DownTrackContext, DownTrackInterceptor } from './interceptor.js';

/** How many recent reports to remember for matching receiver reports' LSR (RFC 3550 §6.4.1). */
const REMEMBERED_REPORTS = 16;

export class SenderReportRewriter implements DownTrackInterceptor {
  reportsSent = 0;
  /** Middle 32 bits of each sent report's NTP time → when we sent it (clock ms). */
  private readonly sentAt = new Map<number, number>();

  constructor(private readonly context: DownTrackContext) {}

  /** When the report a receiver report's LSR field names was sent, if it is one of ours. */
  sentTimeOf(lastSenderReport: number): number | undefined {
    return this.sentAt.get(lastSenderReport);
  }

  sourceReport(info: SenderInfo): void {
    const { stats, egress, ssrc } = this.context;
    if (stats.packetsSent === 0) return;
    egress.sendRtcp(
      buildSenderReport(ssrc, {
        ntpSeconds: info.ntpSeconds,
        ntpFraction: info.ntpFraction,
        rtpTimestamp: this.context.outgoingTimestamp(info.rtpTimestamp),
        packetCount: stats.packetsSent,
        octetCount: stats.payloadBytesSent,
      }),
    );
    this.reportsSent++;
    const middle = (((info.ntpSeconds & 0xffff) << 16) | (info.ntpFraction >>> 16)) >>> 0;
    this.sentAt.set(middle, this.context.clock.now());
    if (this.sentAt.size > REMEMBERED_REPORTS) this.sentAt.delete(this.sentAt.keys().next().value!);
  }
}
