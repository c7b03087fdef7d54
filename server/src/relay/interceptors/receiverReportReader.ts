/**
 * Keeps the viewer's latest receiver report on this track (RFC 3550 §6.4.2):
 * loss and jitter for the layer policy and statistics, and the round-trip
 * time from its LSR and DLSR fields matched against the sender reports we sent.
 */
import type { ReportBlock, RtcpFeedback } from '../rtcp.js';
import type { DownTrackContext, DownTrackInterceptor } from './interceptor.js';

export class ReceiverReportReader implements DownTrackInterceptor {
  latest: ReportBlock | undefined;
  /** Round-trip time from the latest report that named one of our sender reports, ms. */
  rttMs: number | undefined;

  constructor(
    private readonly context: DownTrackContext,
    /** When our sender report with that LSR value went out (clock ms), if it did. */
    private readonly sentTimeOf: (lastSenderReport: number) => number | undefined = () => undefined,
  ) {}

  feedback(feedback: RtcpFeedback): void {
    if (feedback.type !== 'rr') return;
    const report = feedback.reports.find((block) => block.ssrc === this.context.ssrc);
    if (!report) return;
    this.latest = report;
    const sentAt = report.lastSenderReport === 0 ? undefined : this.sentTimeOf(report.lastSenderReport);
    if (sentAt !== undefined) {
      // DLSR is in units of 1/65536 s (RFC 3550 §6.4.1, Figure 2).
      this.rttMs = Math.max(0, this.context.clock.now() - sentAt - (report.delaySinceLastSenderReport * 1000) / 65536);
    }
  }
}
