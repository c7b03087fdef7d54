/**
 * The sender's SRTP packet index per SSRC: the 32-bit rollover counter (ROC)
 * that extends each 16-bit RTP sequence number to the 48-bit index
 * i = 2^16 * ROC + SEQ (RFC 3711 §3.3.1).
 *
 * A relay does not only send in order: NACK answers resend old sequence
 * numbers. So the ROC of each packet is estimated as in RFC 3711 Appendix A
 * against the highest index sent so far, exactly what the receiver does
 * (libsrtp estimates the same way), and only a newer packet moves the state.
 * werift's sender instead moves its ROC back and forth on packets within 100
 * of the wrap and misses older resends; for in-order packets and resends near
 * the wrap both give the same index (srtpProtector.test.ts checks it).
 */

interface SsrcState {
  roc: number;
  /** s_l: the highest sequence number sent (with `roc`). */
  highest: number;
}

const HALF = 0x8000;

export class SrtpRolloverCounters {
  private readonly bySsrc = new Map<number, SsrcState>();
  /** The last SSRC looked up: a viewer leg sends mostly one video SSRC, so skip the map. */
  private lastSsrc = -1;
  private last: SsrcState | undefined;

  /** The ROC to protect a packet with this SSRC and sequence number; advances on newer packets. */
  rolloverFor(ssrc: number, sequenceNumber: number): number {
    let state = ssrc === this.lastSsrc ? this.last : this.bySsrc.get(ssrc);
    if (!state) {
      state = { roc: 0, highest: sequenceNumber };
      this.bySsrc.set(ssrc, state);
    }
    this.lastSsrc = ssrc;
    this.last = state;

    const { roc, highest } = state;
    if (highest < HALF) {
      // RFC 3711 Appendix A: SEQ - s_l > 2^15 means SEQ belongs to the previous cycle.
      if (sequenceNumber - highest > HALF) return roc > 0 ? roc - 1 : 0;
      if (sequenceNumber > highest) state.highest = sequenceNumber;
      return roc;
    }
    // s_l - 2^15 > SEQ: SEQ wrapped past 0, into the next cycle.
    if (highest - HALF > sequenceNumber) {
      state.roc = (roc + 1) >>> 0;
      state.highest = sequenceNumber;
      return state.roc;
    }
    if (sequenceNumber > highest) state.highest = sequenceNumber;
    return roc;
  }

  forget(ssrc: number): void {
    this.bySsrc.delete(ssrc);
    if (ssrc === this.lastSsrc) {
      this.lastSsrc = -1;
      this.last = undefined;
    }
  }
}
