/**
 * Answers the viewer's NACKs (RFC 4585 §6.2.1) from our own history of what
 * this track sent: werift keeps only 128 packets (DESIGN.md bug 3).
 */
import { PacketHistory } from '../packetHistory.js';
import type { RtcpFeedback } from '../rtcp.js';
import type { RtpParts } from '../rtpParts.js';
import type { DownTrackContext, DownTrackInterceptor } from './interceptor.js';

export interface NackResponderOptions {
  historyMs: number;
  historyPackets: number;
}

export class NackResponder implements DownTrackInterceptor {
  private readonly history: PacketHistory;

  constructor(
    private readonly context: DownTrackContext,
    options: NackResponderOptions,
  ) {
    this.history = new PacketHistory(context.clock, options.historyMs, options.historyPackets);
  }

  sent(sequenceNumber: number, packet: RtpParts): void {
    this.history.put(sequenceNumber, packet);
  }

  feedback(feedback: RtcpFeedback): void {
    if (feedback.type !== 'nack') return;
    const { stats, egress } = this.context;
    stats.nacksReceived++;
    for (const sequenceNumber of feedback.lost) {
      const packet = this.history.get(sequenceNumber);
      if (!packet) {
        stats.packetsMissedForNack++;
        continue;
      }
      stats.packetsRetransmitted++;
      egress.sendRtp(packet);
    }
  }
}
