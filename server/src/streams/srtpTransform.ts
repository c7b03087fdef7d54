import type { Cipher } from 'node:crypto';
import type { RtpParts } from '../relay/rtpParts.js';

/** One SRTP protection profile's packet transform, given the packet's index. */
export interface SrtpTransform {
  /** Bytes the transform appends to each packet. */
  readonly tagBytes: number;
  /**
   * The SRTP packet (RFC 3711 §3.1) for an RTP packet, as its consecutive
   * parts: header, encrypted payload (one part per plain part after the
   * header), tag. A datagram socket sends them as one packet
   * (scatter/gather), so the parts are never copied into one buffer on the
   * hot path. Nothing returned shares memory with `packet`.
   */
  protect(packet: RtpParts, ssrc: number, roc: number): Buffer[];
}

/** The packet's payload (the head's bytes after the header, then the tail) through `cipher`: one output per part, never a copy of the input. */
export function encryptPayload(cipher: Cipher, { head, headerBytes, tail }: RtpParts): Buffer[] {
  if (head.length === headerBytes) return [cipher.update(tail)];
  const headOut = cipher.update(head.subarray(headerBytes));
  return [headOut, cipher.update(tail)];
}
