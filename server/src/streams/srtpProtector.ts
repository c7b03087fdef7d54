/**
 * Our SRTP sender: turns a plain RTP packet (a Buffer, as the relay writes
 * it) into the SRTP packet for the negotiated profile, tracking each SSRC's
 * rollover counter. No werift objects per packet: this is the egress hot path.
 */
import { SrtpAesCm } from './srtpAesCm.js';
import { SrtpAesGcm } from './srtpAesGcm.js';
import { SrtpError } from './srtpError.js';
import type { SrtpProfile, SrtpSessionKeys } from './srtpKeys.js';
import { SrtpRolloverCounters } from './srtpRollover.js';
import type { SrtpTransform } from './srtpTransform.js';

/** Length of the RTP header (RFC 3550 §5.1, extension §5.3.1), or -1 if `packet` is not RTP. */
export function rtpHeaderLength(packet: Buffer): number {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return -1;
  let length = 12 + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) {
    if (packet.length < length + 4) return -1;
    length += 4 + 4 * packet.readUInt16BE(length + 2);
  }
  return length <= packet.length ? length : -1;
}

export class SrtpProtector {
  readonly profile: SrtpProfile;
  private readonly transform: SrtpTransform;
  private readonly rollover = new SrtpRolloverCounters();

  constructor(keys: SrtpSessionKeys) {
    this.profile = keys.profile;
    this.transform = keys.profile === 'AEAD_AES_128_GCM' ? new SrtpAesGcm(keys) : new SrtpAesCm(keys);
  }

  /** Bytes SRTP adds to every packet. */
  get overheadBytes(): number {
    return this.transform.tagBytes;
  }

  /** The SRTP packet for `packet`; the input is not modified. */
  protect(packet: Buffer): Buffer {
    return Buffer.concat(this.protectParts(packet));
  }

  /** The same SRTP packet as consecutive parts, for a scatter/gather send (no copy into one buffer). */
  protectParts(packet: Buffer): Buffer[] {
    const headerBytes = rtpHeaderLength(packet);
    if (headerBytes < 0) throw new SrtpError('SRTP_BAD_PACKET', `not an RTP packet (${packet.length} bytes)`);
    const ssrc = packet.readUInt32BE(8);
    const roc = this.rollover.rolloverFor(ssrc, packet.readUInt16BE(2));
    return this.transform.protect(packet, headerBytes, ssrc, roc);
  }
}
