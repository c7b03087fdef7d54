/**
 * A down-track's RTP/RTCP handling as a chain of small interceptors (pion's
 * shape): each sees what the track sends and what the viewer reports, and
 * does one job with it. The chain is built per down-track by a factory, so
 * tests and deployments can choose their own.
 */
import type { Clock } from '../clock.js';
import type { Egress } from '../egress.js';
import type { RtcpFeedback, SenderInfo } from '../rtcp.js';
import type { RtpParts } from '../rtpParts.js';
import type { SourceTrack } from '../sourceTrack.js';

export interface DownTrackCounters {
  packetsSent: number;
  bytesSent: number;
  nacksReceived: number;
  packetsRetransmitted: number;
  plisReceived: number;
  firsReceived: number;
  packetsMissedForNack: number;
  layerSwitches: number;
  /** Payload octets only, as RFC 3550 §6.4.1 counts them in sender reports. */
  payloadBytesSent: number;
}

/** What an interceptor may use of the track it serves. */
export interface DownTrackContext {
  readonly clock: Clock;
  readonly egress: Egress;
  /** The SSRC this track sends with on the viewer's leg. */
  readonly ssrc: number;
  readonly stats: DownTrackCounters;
  /** The source the track sends now (it changes on a layer switch). */
  source(): SourceTrack;
  /** A source RTP timestamp on this track's outgoing timeline. */
  outgoingTimestamp(sourceTimestamp: number): number;
}

export interface DownTrackInterceptor {
  /** A packet just sent for the first time (already rewritten; its head is reused after the call). */
  sent?(sequenceNumber: number, packet: RtpParts): void;
  /** Feedback from the viewer about this track. */
  feedback?(feedback: RtcpFeedback): void;
  /** The current source's publisher sent a sender report. */
  sourceReport?(info: SenderInfo): void;
}

export type InterceptorFactory = (context: DownTrackContext) => DownTrackInterceptor[];
