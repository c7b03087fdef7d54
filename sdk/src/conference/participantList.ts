/**
 * Everyone else in the room, as the Conference shows them: one Participant
 * per roster entry, named and described from their broadcasts, pinned or
 * not; every change told through `emit`.
 */
import type { Participant } from './Conference.js';
import { describeParticipant } from './participantState.js';
import type { RosterChanges, RosterEntry } from './Roster.js';

export type ParticipantEvent = 'participantJoined' | 'participantLeft' | 'participantUpdated';

export class ParticipantList {
  private readonly people = new Map<string, Participant>();

  constructor(
    private readonly emit: (event: ParticipantEvent, participant: Participant) => void,
    /** A new participant: ask for their broadcast (name, metaData), which comes back through describe(). */
    private readonly lookUp: (id: string) => void,
    /** Who we pinned, so a newcomer with that id shows it. */
    private readonly pinnedId: () => string | null,
  ) {}

  get all(): Participant[] {
    return Array.from(this.people.values());
  }

  get(id: string): Participant | undefined {
    return this.people.get(id);
  }

  has(id: string): boolean {
    return this.people.has(id);
  }

  /** Turns roster changes into participants and events. */
  apply(changes: RosterChanges): void {
    for (const entry of changes.left) {
      const participant = this.people.get(entry.id);
      this.people.delete(entry.id);
      if (participant) this.emit('participantLeft', participant);
    }
    for (const entry of changes.joined) {
      const participant = this.newParticipant(entry);
      this.people.set(entry.id, participant);
      this.emit('participantJoined', participant);
      this.lookUp(entry.id);
    }
    for (const entry of changes.changed) {
      const participant = this.people.get(entry.id);
      if (!participant) continue;
      participant.hasVideo = entry.hasVideo;
      this.emit('participantUpdated', participant);
    }
  }

  /** A Broadcast (an answer, or a push when their metaData changed) tells a participant's name and state. */
  describe(id: string, name: string | null, metaData: unknown): void {
    const who = this.people.get(id);
    if (who && describeParticipant(who, name, metaData)) this.emit('participantUpdated', who);
  }

  markPinned(id: string | null, pinned: boolean): void {
    const who = id ? this.people.get(id) : undefined;
    if (!who || who.pinned === pinned) return;
    who.pinned = pinned;
    this.emit('participantUpdated', who);
  }

  private newParticipant(entry: RosterEntry): Participant {
    return { id: entry.id, name: entry.id, stream: entry.stream, hasVideo: entry.hasVideo, pinned: this.pinnedId() === entry.id, metaData: {}, microphoneMuted: false, cameraOff: false };
  }
}
