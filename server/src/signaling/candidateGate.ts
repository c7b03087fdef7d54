/**
 * Holds the server's ICE candidates until its description has been sent, so
 * the client sees the SDP first, as Ant Media sends them (werift starts
 * gathering inside setLocalDescription, before we can send the result).
 */
import type { LocalCandidate } from '../streams/peerSignals.js';

export class CandidateGate {
  private held: LocalCandidate[] | undefined = [];

  constructor(private readonly send: (candidate: LocalCandidate) => void) {}

  push(candidate: LocalCandidate): void {
    if (this.held) this.held.push(candidate);
    else this.send(candidate);
  }

  /** The description is out: send what was held, and everything after at once. */
  open(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const candidate of held) this.send(candidate);
  }
}
