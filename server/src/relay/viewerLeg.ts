/**
 * All down-tracks of one viewer connection, and the routing of that viewer's
 * RTCP (which arrives on one shared transport) to the track each report names.
 */
import { DownTrack, type DownTrackOptions } from './downTrack.js';
import type { Egress } from './egress.js';
import { parseRtcp, type RtcpFeedback } from './rtcp.js';
import type { SourceTrack } from './sourceTrack.js';

export class ViewerLeg {
  private readonly bySsrc = new Map<number, DownTrack>();
  /** Latest bandwidth estimate the viewer's browser reported (REMB), in bps. */
  estimatedBitrate: number | undefined;

  get downTracks(): DownTrack[] {
    return [...this.bySsrc.values()];
  }

  /** Adds (or replaces, for the same SSRC) the down-track fed by `source`. */
  addDownTrack(source: SourceTrack, egress: Egress, options: DownTrackOptions): DownTrack {
    this.bySsrc.get(options.ssrc)?.close();
    const downTrack = new DownTrack(source, egress, options);
    this.bySsrc.set(options.ssrc, downTrack);
    return downTrack;
  }

  /** Entry point for every (decrypted) RTCP packet the viewer sends. */
  handleRtcp(packet: Buffer): void {
    for (const feedback of parseRtcp(packet)) this.route(feedback);
  }

  close(): void {
    for (const downTrack of this.bySsrc.values()) downTrack.close();
    this.bySsrc.clear();
  }

  private route(feedback: RtcpFeedback): void {
    switch (feedback.type) {
      case 'pli':
      case 'nack':
        this.bySsrc.get(feedback.mediaSsrc)?.handleFeedback(feedback);
        return;
      case 'fir':
        for (const ssrc of feedback.mediaSsrcs) this.bySsrc.get(ssrc)?.handleFeedback(feedback);
        return;
      case 'remb':
        this.estimatedBitrate = feedback.bitrate;
        return;
      case 'rr':
        for (const report of feedback.reports) this.bySsrc.get(report.ssrc)?.handleFeedback(feedback);
        return;
      default: {
        const unreachable: never = feedback;
        return unreachable;
      }
    }
  }
}
