/**
 * The viewer egress fast path: our SRTP (srtpProtector.ts) on werift's
 * ICE/DTLS. Each RTP packet from the relay (its parts) is protected with our keys for the
 * profile the DTLS handshake chose and written to werift's ICE connection's
 * selected pair (iceDatagram.ts); no werift RtpPacket per packet. RTCP (rare)
 * still goes through werift's SRTCP context: RFC 3711 keeps SRTCP's index
 * and keys apart from SRTP's, so the two senders never share state.
 */
import type { RTCDtlsTransport } from 'werift';
import type { RtpParts } from '../relay/rtpParts.js';
import { sendOnIce } from './iceDatagram.js';
import { SrtpProtector } from './srtpProtector.js';
import { currentSrtpSession, localSrtpKeys, type WeriftSrtpSession } from './weriftSrtpKeys.js';

export interface SrtpEgressStats {
  packetsSent: number;
  /** Packets dropped because they could not be protected (not RTP, or no keys). */
  protectFailures: number;
  lastFailure: unknown;
}

export class SrtpEgress {
  readonly stats: SrtpEgressStats = { packetsSent: 0, protectFailures: 0, lastFailure: undefined };
  private protector: SrtpProtector | undefined;
  /** The werift session our keys came from: a new one (a new handshake) means new keys. */
  private keysFrom: WeriftSrtpSession | undefined;

  constructor(private readonly dtls: RTCDtlsTransport) {}

  /** The profile in use, once a packet has been sent. */
  get profile(): string | undefined {
    return this.protector?.profile;
  }

  /** Protects and sends; never throws into the relay's fan-out loop. */
  sendRtp(packet: RtpParts): void {
    let parts: Buffer[];
    try {
      parts = this.currentProtector().protectParts(packet);
    } catch (error) {
      this.stats.protectFailures++;
      this.stats.lastFailure = error;
      return;
    }
    const bytes = sendOnIce(this.dtls.iceTransport.connection, parts);
    if (bytes === 0) return; // no selected pair or no consent (RFC 7675): nothing left
    this.stats.packetsSent++;
    // werift's transport statistics, as its own sendRtp keeps them.
    this.dtls.bytesSent += bytes;
    this.dtls.packetsSent++;
  }

  private currentProtector(): SrtpProtector {
    const session = currentSrtpSession(this.dtls);
    if (!this.protector || session !== this.keysFrom) {
      this.protector = new SrtpProtector(localSrtpKeys(session));
      this.keysFrom = session;
    }
    return this.protector;
  }
}
