/**
 * AEAD_AES_128_GCM for SRTP (RFC 7714): the payload is encrypted and the
 * header authenticated as associated data, followed by a 16-byte tag.
 */
import { createCipheriv } from 'node:crypto';
import type { RtpParts } from '../relay/rtpParts.js';
import type { SrtpSessionKeys } from './srtpKeys.js';
import { encryptPayload, type SrtpTransform } from './srtpTransform.js';

/** RFC 7714 §12: AEAD_AES_128_GCM's authentication tag is 16 octets. */
const TAG_BYTES = 16;

export class SrtpAesGcm implements SrtpTransform {
  readonly tagBytes = TAG_BYTES;
  /** Scratch for the IV: createCipheriv copies it, so one buffer serves every packet. */
  private readonly iv = Buffer.alloc(12);
  /** The session salt's words that meet SSRC and ROC, read once. */
  private readonly saltSsrc: number;
  private readonly saltRoc: number;

  constructor(private readonly keys: SrtpSessionKeys) {
    this.iv[0] = keys.salt[0]!;
    this.iv[1] = keys.salt[1]!;
    this.saltSsrc = keys.salt.readUInt32BE(2);
    this.saltRoc = keys.salt.readUInt32BE(6);
  }

  protect(packet: RtpParts, ssrc: number, roc: number): Buffer[] {
    const { head, headerBytes } = packet;
    // RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR session salt (96 bits).
    const { iv } = this;
    const salt = this.keys.salt;
    iv.writeUInt32BE((ssrc ^ this.saltSsrc) >>> 0, 2);
    iv.writeUInt32BE((roc ^ this.saltRoc) >>> 0, 6);
    iv[10] = head[2]! ^ salt[10]!;
    iv[11] = head[3]! ^ salt[11]!;

    // A copy of the header: the caller's head is reused before the datagram leaves.
    const header = Buffer.allocUnsafe(headerBytes);
    head.copy(header, 0, 0, headerBytes);
    const cipher = createCipheriv('aes-128-gcm', this.keys.encryptionKey, iv);
    // RFC 7714 §8.2: the associated data is the RTP header, CSRCs and extension included.
    cipher.setAAD(header);
    const encrypted = encryptPayload(cipher, packet);
    cipher.final();
    return [header, ...encrypted, cipher.getAuthTag()];
  }
}
