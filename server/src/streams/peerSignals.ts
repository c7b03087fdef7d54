/** ICE plumbing both kinds of server peer share. */
import type { RTCPeerConnection } from 'werift';

export interface LocalCandidate {
  /** m-line index; the official client reads this as `label` and ignores the mid. */
  sdpMLineIndex: number;
  sdpMid: string | undefined;
  candidate: string;
}

export interface RemoteCandidate {
  candidate: string;
  sdpMLineIndex?: number;
  sdpMid?: string;
}

export interface PeerEvents {
  candidate(candidate: LocalCandidate): void;
  /** ICE and DTLS are up: media can flow. */
  connected(): void;
  /** The connection failed or closed on its own. */
  failed(reason: string): void;
}

export function wireIceEvents(pc: RTCPeerConnection, events: PeerEvents): void {
  pc.onIceCandidate.subscribe((candidate) => {
    if (!candidate?.candidate) return;
    events.candidate({ sdpMLineIndex: candidate.sdpMLineIndex ?? 0, sdpMid: candidate.sdpMid, candidate: candidate.candidate });
  });
  pc.connectionStateChange.subscribe((state) => {
    if (state === 'connected') events.connected();
    else if (state === 'failed') events.failed('ICE/DTLS connection failed');
  });
}

/**
 * Adds a candidate from the client. Empty candidates (the official client
 * sends `""`) and end-of-candidates are accepted and ignored.
 */
export async function addRemoteCandidate(pc: RTCPeerConnection, remote: RemoteCandidate): Promise<void> {
  if (remote.candidate.trim() === '') return;
  await pc.addIceCandidate({
    candidate: remote.candidate,
    sdpMLineIndex: remote.sdpMLineIndex ?? 0,
    ...(remote.sdpMid === undefined ? {} : { sdpMid: remote.sdpMid }),
  });
}
