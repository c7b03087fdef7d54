/** Keeps the viewer's latest receiver report on this track (RFC 3550 §6.4.2): loss and jitter for the layer policy and stats. */
import type { ReportBlock, RtcpFeedback } from '../rtcp.js';
import type { DownTrackContext, DownTrackInterceptor } from './interceptor.js';

export class ReceiverReportReader implements DownTrackInterceptor {
  latest: ReportBlock | undefined;

  constructor(private readonly context: DownTrackContext) {}

  feedback(feedback: RtcpFeedback): void {
    if (feedback.type !== 'rr') return;
    this.latest = feedback.reports.find((report) => report.ssrc === this.context.ssrc) ?? this.latest;
  }
}
