/**
 * The seam between the relay (raw RTP/RTCP Buffers) and werift's DTLS/SRTP
 * transport. RTP to viewers takes our own SRTP by default (srtpEgress.ts, the
 * fast path of issue 6); RELAYRTC_EGRESS_SRTP=werift selects werift's sender,
 * which re-parses every packet into its RtpPacket to encrypt it (the slow
 * path, kept to compare: `npm run bench` measures both).
 */
import { RtpPacket, type RTCDtlsTransport } from 'werift';
import type { Egress, UpstreamFeedback } from '../relay/egress.js';
import { joinRtp, type RtpParts } from '../relay/rtpParts.js';
import { defaultEgressSrtp, type EgressSrtp } from './egressSrtp.js';
import { egressTap } from './egressTap.js';
import { SrtpEgress } from './srtpEgress.js';

/** werift sends RTCP as objects with `serialize()`; a raw packet is one that serializes to itself. */
function rawRtcp(packet: Buffer): { serialize(): Buffer } {
  return { serialize: () => packet };
}

type SendRtcpArgument = Parameters<RTCDtlsTransport['sendRtcp']>[0];

function isConnected(dtls: RTCDtlsTransport): boolean {
  return dtls.state === 'connected';
}

export class WeriftEgress implements Egress, UpstreamFeedback {
  private readonly own: SrtpEgress | undefined;

  constructor(
    private readonly dtls: RTCDtlsTransport,
    readonly srtp: EgressSrtp = defaultEgressSrtp(),
  ) {
    this.own = srtp === 'own' ? new SrtpEgress(dtls) : undefined;
  }

  sendRtp(packet: RtpParts): void {
    if (!isConnected(this.dtls)) return;
    if (this.own) {
      this.own.sendRtp(packet);
    } else {
      const parsed = RtpPacket.deSerialize(joinRtp(packet));
      void this.dtls.sendRtp(parsed.payload, parsed.header);
    }
    egressTap.rtpSent?.(packet);
  }

  sendRtcp(packet: Buffer): void {
    if (!isConnected(this.dtls)) return;
    void this.dtls.sendRtcp([rawRtcp(packet)] as unknown as SendRtcpArgument).catch(() => undefined);
  }
}

/** Every RTCP packet the remote sends on this transport, as raw bytes. */
export function onRawRtcp(dtls: RTCDtlsTransport, handler: (packet: Buffer) => void): () => void {
  const { unSubscribe } = dtls.onRtcp.subscribe((rtcp) => handler(rtcp.serialize()));
  return unSubscribe;
}
