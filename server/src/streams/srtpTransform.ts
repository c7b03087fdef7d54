/** One SRTP protection profile's packet transform, given the packet's index. */
export interface SrtpTransform {
  /** Bytes the transform appends to each packet. */
  readonly tagBytes: number;
  /**
   * The SRTP packet (RFC 3711 §3.1) for an RTP packet whose header is
   * `headerBytes` long, as its consecutive parts: header, encrypted payload,
   * tag. A datagram socket sends them as one packet (scatter/gather), so the
   * parts are never copied into one buffer on the hot path.
   */
  protect(packet: Buffer, headerBytes: number, ssrc: number, roc: number): Buffer[];
}
