/**
 * All down-tracks of one viewer connection, and the routing of that viewer's
 * RTCP (which arrives on one shared transport) to the track each report names.
 */
import { DownTrack, type DownTrackOptions } from './downTrack.js';
import type { Egress } from './egress.js';
import { parseRtcp, type RtcpFeedback } from './rtcp.js';
import type { LayerController } from './layerController.js';
import type { NetworkReport } from './layerPolicy.js';
import type { MediaKind, SourceTrack } from './sourceTrack.js';

export class ViewerLeg {
  private readonly bySsrc = new Map<number, DownTrack>();
  /** Kinds the viewer asked not to be sent (toggleVideo / toggleAudio). */
  private readonly disabledKinds: Set<MediaKind>;
  /** Latest bandwidth estimate the viewer's browser reported (REMB), in bps. */
  estimatedBitrate: number | undefined;
  /** A ceiling on the estimate (a test knob, and a way for operators to cap a viewer), bps. */
  estimateCap: number | undefined;
  /** Picks this viewer's video layer, once it has a video down-track. */
  layerController: LayerController | undefined;

  constructor(disabledKinds: readonly MediaKind[] = []) {
    this.disabledKinds = new Set(disabledKinds);
  }

  /** The viewer's estimate as reported to it (REMB, under the cap when one is set). */
  get effectiveEstimate(): number | undefined {
    if (this.estimateCap === undefined) return this.estimatedBitrate;
    return Math.min(this.estimatedBitrate ?? Number.POSITIVE_INFINITY, this.estimateCap);
  }

  /** The network as this viewer's reports on its video describe it. */
  network(): NetworkReport {
    const video = this.downTracks.find((track) => track.source.kind === 'video');
    const report = video?.lastReport;
    return {
      estimate: this.estimatedBitrate,
      ceiling: this.estimateCap,
      lossFraction: report ? report.fractionLost / 256 : 0,
      rttMs: video?.rttMs,
      jitterMs: report && video ? (report.jitter * 1000) / video.source.codec.clockRate : undefined,
    };
  }

  get downTracks(): DownTrack[] {
    return [...this.bySsrc.values()];
  }

  /** Adds (or replaces, for the same SSRC) the down-track fed by `source`. */
  addDownTrack(source: SourceTrack, egress: Egress, options: DownTrackOptions): DownTrack {
    this.bySsrc.get(options.ssrc)?.close();
    const enabled = (options.enabled ?? true) && !this.disabledKinds.has(source.kind);
    const downTrack = new DownTrack(source, egress, { ...options, enabled });
    this.bySsrc.set(options.ssrc, downTrack);
    return downTrack;
  }

  /** Stops or resumes sending this viewer every track of `kind` (toggleVideo / toggleAudio). */
  setKindEnabled(kind: MediaKind, enabled: boolean): void {
    if (enabled) this.disabledKinds.delete(kind);
    else this.disabledKinds.add(kind);
    for (const track of this.downTracks) if (track.source.kind === kind) track.setEnabled(enabled);
  }

  /**
   * Test impairments (relayTestKnob): a bandwidth ceiling (0 lifts it) and dropping every Nth
   * first transmission of video (NACKs still find the packets in history).
   */
  impair(knob: { dropEveryNthVideoPacket?: number; bandwidthCap?: number }): void {
    if (knob.bandwidthCap !== undefined) this.estimateCap = knob.bandwidthCap > 0 ? knob.bandwidthCap : undefined;
    if (knob.dropEveryNthVideoPacket !== undefined) {
      for (const track of this.downTracks) if (track.source.kind === 'video') track.dropEveryNth = knob.dropEveryNthVideoPacket;
    }
    this.layerController?.evaluate();
  }

  /** Closes and forgets the down-track sending with `ssrc` (a room viewer's track that went away). */
  removeDownTrack(ssrc: number): void {
    this.bySsrc.get(ssrc)?.close();
    this.bySsrc.delete(ssrc);
  }

  /** Entry point for every (decrypted) RTCP packet the viewer sends. */
  handleRtcp(packet: Buffer): void {
    for (const feedback of parseRtcp(packet)) this.route(feedback);
  }

  close(): void {
    this.layerController?.close();
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
      case 'sr':
        return; // viewers only receive
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
