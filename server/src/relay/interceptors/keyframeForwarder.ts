/**
 * Turns the viewer's PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1) into a
 * keyframe request on the source it watches; the source throttles requests
 * from all its viewers into one upstream.
 */
import type { RtcpFeedback } from '../rtcp.js';
import type { DownTrackContext, DownTrackInterceptor } from './interceptor.js';

export class KeyframeForwarder implements DownTrackInterceptor {
  constructor(private readonly context: DownTrackContext) {}

  feedback(feedback: RtcpFeedback): void {
    if (feedback.type === 'pli') this.context.stats.plisReceived++;
    else if (feedback.type === 'fir') this.context.stats.firsReceived++;
    else return;
    this.context.source().requestKeyframe();
  }
}
