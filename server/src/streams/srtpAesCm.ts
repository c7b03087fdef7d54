/**
 * AES_CM_128_HMAC_SHA1_80 (RFC 3711): the payload encrypted with AES in
 * counter mode (§4.1.1), then an 80-bit HMAC-SHA1 tag over the header, the
 * encrypted payload and the ROC (§4.2).
 */
import { createCipheriv, createHmac } from 'node:crypto';
import type { RtpParts } from '../relay/rtpParts.js';
import type { SrtpSessionKeys } from './srtpKeys.js';
import { encryptPayload, type SrtpTransform } from './srtpTransform.js';

/** RFC 3711 §5.2: the default (and WebRTC's) tag is 80 bits. */
const TAG_BYTES = 10;

export class SrtpAesCm implements SrtpTransform {
  readonly tagBytes = TAG_BYTES;
  private readonly iv = Buffer.alloc(16);
  private readonly rocBytes = Buffer.alloc(4);
  private readonly authKey: Buffer;
  /** The session salt's words that meet SSRC and ROC, read once. */
  private readonly saltSsrc: number;
  private readonly saltRoc: number;

  constructor(private readonly keys: SrtpSessionKeys) {
    if (!keys.authKey) throw new TypeError('AES_CM_128_HMAC_SHA1_80 needs an authentication key');
    this.authKey = keys.authKey;
    keys.salt.copy(this.iv, 0, 0, 4);
    this.saltSsrc = keys.salt.readUInt32BE(4);
    this.saltRoc = keys.salt.readUInt32BE(8);
  }

  protect(packet: RtpParts, ssrc: number, roc: number): Buffer[] {
    const { head, headerBytes } = packet;
    // §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), i = ROC || SEQ.
    const { iv } = this;
    const salt = this.keys.salt;
    iv.writeUInt32BE((ssrc ^ this.saltSsrc) >>> 0, 4);
    iv.writeUInt32BE((roc ^ this.saltRoc) >>> 0, 8);
    iv[12] = head[2]! ^ salt[12]!;
    iv[13] = head[3]! ^ salt[13]!;
    // iv[14..15] stay 0: the block counter starts at zero for every packet.

    // A copy of the header: the caller's head is reused before the datagram leaves.
    const header = Buffer.allocUnsafe(headerBytes);
    head.copy(header, 0, 0, headerBytes);
    const encrypted = encryptPayload(createCipheriv('aes-128-ctr', this.keys.encryptionKey, iv), packet);

    // §4.2: the authenticated portion is header + encrypted payload, then the ROC appended.
    this.rocBytes.writeUInt32BE(roc >>> 0, 0);
    const hmac = createHmac('sha1', this.authKey).update(header);
    for (const part of encrypted) hmac.update(part);
    const tag = hmac.update(this.rocBytes).digest();
    return [header, ...encrypted, tag.subarray(0, TAG_BYTES)];
  }
}
