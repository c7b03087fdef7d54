/**
 * Peer-to-peer calls (antmedia-protocol.md §4.4.3): two sockets that `join`
 * the same stream id; the server only relays their signaling.
 */
import type { SignalingSession } from './signalingSession.js';

export type JoinResult = 'first' | 'second' | 'already-joined' | 'full';

export class PeerCalls {
  private readonly calls = new Map<string, SignalingSession[]>();

  join(streamId: string, session: SignalingSession): JoinResult {
    const members = this.calls.get(streamId) ?? [];
    if (members.includes(session)) return 'already-joined';
    if (members.length >= 2) return 'full';
    members.push(session);
    this.calls.set(streamId, members);
    return members.length === 1 ? 'first' : 'second';
  }

  isMember(streamId: string, session: SignalingSession): boolean {
    return this.calls.get(streamId)?.includes(session) ?? false;
  }

  /** The other member of the call, if one has joined. */
  peerOf(streamId: string, session: SignalingSession): SignalingSession | undefined {
    return this.calls.get(streamId)?.find((member) => member !== session);
  }

  /** Removes `session` from the call; returns the member left behind, if any. */
  leave(streamId: string, session: SignalingSession): SignalingSession | undefined {
    const members = this.calls.get(streamId);
    if (!members?.includes(session)) return undefined;
    const rest = members.filter((member) => member !== session);
    if (rest.length === 0) this.calls.delete(streamId);
    else this.calls.set(streamId, rest);
    return rest[0];
  }

  /** Every call `session` is in, by stream id. */
  callsOf(session: SignalingSession): string[] {
    return [...this.calls].filter(([, members]) => members.includes(session)).map(([streamId]) => streamId);
  }

  get size(): number {
    return this.calls.size;
  }
}
