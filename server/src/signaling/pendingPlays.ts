/**
 * Sockets that asked to play a stream before it went live. When it starts
 * they get `streaming_started` so their retry succeeds (antmedia-protocol.md
 * §7 item 10: "play before publish").
 */
import { Notification, notificationMessage } from 'relayrtc/protocol';
import type { StreamRegistry } from '../streams/streamRegistry.js';
import type { SignalingSession } from './signalingSession.js';

export class PendingPlays {
  private readonly waiting = new Map<string, Set<SignalingSession>>();

  constructor(
    registry: StreamRegistry,
    private readonly perSocketLimit: number,
  ) {
    registry.onStreamStarted((stream) => {
      this.announce(stream.streamId);
      // A room's first participant going live makes the room playable.
      if (stream.details.roomId !== undefined) this.announce(stream.details.roomId);
    });
  }

  /** Remembers that `session` wants `streamId`; beyond the per-socket limit the oldest wish is dropped. */
  add(streamId: string, session: SignalingSession): void {
    const mine = this.streamsOf(session);
    if (!mine.includes(streamId) && mine.length >= this.perSocketLimit) this.remove(mine[0]!, session);
    const sessions = this.waiting.get(streamId) ?? new Set<SignalingSession>();
    sessions.add(session);
    this.waiting.set(streamId, sessions);
  }

  remove(streamId: string, session: SignalingSession): void {
    const sessions = this.waiting.get(streamId);
    sessions?.delete(session);
    if (sessions?.size === 0) this.waiting.delete(streamId);
  }

  forget(session: SignalingSession): void {
    for (const streamId of this.streamsOf(session)) this.remove(streamId, session);
  }

  get size(): number {
    return this.waiting.size;
  }

  private streamsOf(session: SignalingSession): string[] {
    return [...this.waiting].filter(([, sessions]) => sessions.has(session)).map(([streamId]) => streamId);
  }

  /** Tells the sockets waiting for `streamId` that it went live (here, or on another node of the cluster). */
  announce(streamId: string): void {
    const sessions = this.waiting.get(streamId);
    if (!sessions) return;
    this.waiting.delete(streamId);
    for (const session of sessions) session.send(notificationMessage(Notification.streamingStarted, streamId));
  }
}
