/**
 * The seam between the relay (raw RTP/RTCP Buffers) and werift's DTLS/SRTP
 * transport. v1 re-parses each outgoing packet into werift's header object
 * because werift's SRTP encrypts from that object; the fast path is our own
 * SRTP (issue 6).
 */
import { RtpPacket, type RTCDtlsTransport } from 'werift';
import type { Egress, UpstreamFeedback } from '../relay/egress.js';

/** werift sends RTCP as objects with `serialize()`; a raw packet is one that serializes to itself. */
function rawRtcp(packet: Buffer): { serialize(): Buffer } {
  return { serialize: () => packet };
}

type SendRtcpArgument = Parameters<RTCDtlsTransport['sendRtcp']>[0];

function isConnected(dtls: RTCDtlsTransport): boolean {
  return dtls.state === 'connected';
}

export class WeriftEgress implements Egress, UpstreamFeedback {
  constructor(private readonly dtls: RTCDtlsTransport) {}

  sendRtp(packet: Buffer): void {
    if (!isConnected(this.dtls)) return;
    const parsed = RtpPacket.deSerialize(packet);
    void this.dtls.sendRtp(parsed.payload, parsed.header);
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
