/**
 * Sends the viewer a sender report (RFC 3550 §6.4.1) for each one the
 * publisher sends: the publisher's wall-clock time paired with the same
 * instant on this track's rewritten RTP timeline. Audio and video of one
 * publisher share its wall clock, so the viewer can align them (lip sync)
 * whatever offsets each track was given.
 */
import { buildSenderReport, type SenderInfo } from '../rtcp.js';
import type { DownTrackContext, DownTrackInterceptor } from './interceptor.js';

export class SenderReportRewriter implements DownTrackInterceptor {
  reportsSent = 0;

  constructor(private readonly context: DownTrackContext) {}

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
  }
}
