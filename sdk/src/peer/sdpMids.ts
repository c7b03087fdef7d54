/**
 * The m-sections of a session description, by mid (RFC 8843 §9.2 `a=mid`,
 * RFC 8866 §5.14 `m=`): what a renegotiation offer keeps, adds or retires.
 * A section with port 0 is rejected or stopped (RFC 8829 §5.2.2), and one that
 * is `inactive` or `recvonly` on the offerer's side sends us nothing.
 */
export interface OfferMid {
  mid: string;
  kind: string;
  /** The offerer sends media on it (port ≠ 0 and sendonly/sendrecv). */
  sending: boolean;
}

export function offerMids(sdp: string): OfferMid[] {
  const sections = sdp.split(/\r?\nm=/).slice(1);
  const result: OfferMid[] = [];
  for (const section of sections) {
    const [kind = '', port = '0'] = section.split(/\s/, 2);
    const mid = /\r?\na=mid:(\S+)/.exec(section);
    if (!mid) continue;
    const direction = /\r?\na=(sendrecv|sendonly|recvonly|inactive)\b/.exec(section);
    const sends = !direction || direction[1] === 'sendrecv' || direction[1] === 'sendonly';
    result.push({ mid: mid[1]!, kind, sending: port !== '0' && sends });
  }
  return result;
}
