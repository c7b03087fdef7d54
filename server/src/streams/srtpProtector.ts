/**
 * Our SRTP sender: turns a plain RTP packet (in parts, as the relay writes
 * it: rtpParts.ts) into the SRTP packet for the negotiated profile, tracking
 * each SSRC's rollover counter. No werift objects per packet: this is the
 * egress hot path.
 */
import { rtpPartsOf, type RtpParts } from '../relay/rtpParts.js';
import { SrtpAesCm } from './srtpAesCm.js';
import { SrtpAesGcm } from './srtpAesGcm.js';
import { SrtpError } from './srtpError.js';
import type { SrtpProfile, SrtpSessionKeys } from './srtpKeys.js';
import { SrtpRolloverCounters } from './srtpRollover.js';
import type { SrtpTransform } from './srtpTransform.js';

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

  /** The SRTP packet for `packet`, as one Buffer; the input is not modified. */
  protect(packet: Buffer): Buffer {
    const parts = rtpPartsOf(packet);
    if (!parts) throw new SrtpError('SRTP_BAD_PACKET', `not an RTP packet (${packet.length} bytes)`);
    return Buffer.concat(this.protectParts(parts));
  }

  /** The SRTP packet for `packet` as consecutive parts, for a scatter/gather send (no copy into one buffer). */
  protectParts(packet: RtpParts): Buffer[] {
    const { head, headerBytes } = packet;
    if (headerBytes < 12 || head.length < headerBytes || head[0]! >> 6 !== 2) {
      throw new SrtpError('SRTP_BAD_PACKET', `not an RTP packet (a ${head.length}-byte head with a ${headerBytes}-byte header)`);
    }
    const ssrc = head.readUInt32BE(8);
    const roc = this.rollover.rolloverFor(ssrc, head.readUInt16BE(2));
    return this.transform.protect(packet, ssrc, roc);
  }
}
