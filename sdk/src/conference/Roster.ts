/**
 * Who is in the room and which received tracks are theirs, from what one room
 * play shows (antmedia-protocol.md §4.4.5): the offer's idMapping (mid →
 * `ARDAMSv<id>` / `ARDAMSa<id>`, or a `videoTrackN` slot when the server caps
 * video), the slot assignments (VIDEO_TRACK_ASSIGNMENT_LIST), and the
 * `subtrackAdded` / `subtrackRemoved` notifications, which arrive before the
 * renegotiation that follows them. Every change is recomputed from scratch by
 * `sync()`, so the order in which those arrive does not matter.
 *
 * An assignment list is only as fresh as the server's last data-channel event:
 * it still names whoever held a slot after the cap is lifted (the server sends
 * no empty list then) or after that participant left. So it counts only for
 * slots the current offer has, and never brings back someone who left.
 */
import { TRACK_ID_PREFIX, type VideoTrackAssignment } from '../protocol/index.js';
import type { OfferMid } from '../peer/sdpMids.js';

/** What a roster entry needs from its MediaStream (MediaStream in browsers, a stand-in in tests). */
export type StreamLike = Pick<MediaStream, 'getTracks' | 'addTrack' | 'removeTrack'>;

export interface RosterEntry {
  readonly id: string;
  /** Audio and (while a video slot or mid carries them) video; the same object for the whole stay. */
  readonly stream: MediaStream;
  hasVideo: boolean;
}

export interface RosterChanges {
  joined: RosterEntry[];
  left: RosterEntry[];
  /** Entries whose video came or went. */
  changed: RosterEntry[];
}

export class Roster {
  private readonly entries = new Map<string, RosterEntry>();
  private readonly tracks = new Map<string, MediaStreamTrack>();
  private idMapping: Record<string, string> = {};
  private sending = new Set<string>();
  private assignments: VideoTrackAssignment[] = [];
  /** Announced by subtrackAdded (until subtrackRemoved). */
  private readonly announced = new Set<string>();
  /** Removed by subtrackRemoved: hidden until subtrackAdded, or an offer with their own m-lines, says otherwise. */
  private readonly removed = new Set<string>();

  /** `exclude`: ids that are never participants (the room itself, our own stream). */
  constructor(
    private readonly exclude: readonly string[],
    private readonly newStream: () => MediaStream,
  ) {}

  get list(): RosterEntry[] {
    return Array.from(this.entries.values());
  }

  get(id: string): RosterEntry | undefined {
    return this.entries.get(id);
  }

  /** Video slots are capped (the offer maps mids to `videoTrackN` labels). */
  get capped(): boolean {
    return Object.keys(this.idMapping).some((mid) => slotLabel(this.idMapping[mid]!) !== undefined);
  }

  /** The participant each video slot shows now. */
  get videoAssignments(): VideoTrackAssignment[] {
    return this.assignments.slice();
  }

  track(mid: string | null, track: MediaStreamTrack): RosterChanges {
    if (mid !== null) this.tracks.set(mid, track);
    return this.sync();
  }

  negotiated(idMapping: Record<string, string>, mids: OfferMid[]): RosterChanges {
    this.idMapping = idMapping;
    this.sending = new Set(mids.filter((m) => m.sending).map((m) => m.mid));
    for (const id of this.sentIds()) this.removed.delete(id);
    return this.sync();
  }

  assigned(assignments: VideoTrackAssignment[]): RosterChanges {
    this.assignments = assignments.slice();
    return this.sync();
  }

  subtrackAdded(id: string): RosterChanges {
    this.announced.add(id);
    this.removed.delete(id);
    return this.sync();
  }

  subtrackRemoved(id: string): RosterChanges {
    this.announced.delete(id);
    this.removed.add(id);
    return this.sync();
  }

  /** Forgets everyone (we left); returns them as left. */
  clear(): RosterChanges {
    const left = this.list;
    this.entries.clear();
    this.tracks.clear();
    this.idMapping = {};
    this.sending.clear();
    this.assignments = [];
    this.announced.clear();
    this.removed.clear();
    return { joined: [], left, changed: [] };
  }

  private sync(): RosterChanges {
    const wanted = this.wantedTracks();
    const ids = new Set<string>(this.announced);
    wanted.forEach((_tracks, id) => ids.add(id));
    const changes: RosterChanges = { joined: [], left: [], changed: [] };
    this.entries.forEach((entry, id) => {
      if (ids.has(id) && !this.removed.has(id) && this.exclude.indexOf(id) < 0) return;
      this.entries.delete(id);
      changes.left.push(entry);
    });
    ids.forEach((id) => {
      if (this.removed.has(id) || this.exclude.indexOf(id) >= 0) return;
      let entry = this.entries.get(id);
      if (!entry) {
        entry = { id, stream: this.newStream(), hasVideo: false };
        this.entries.set(id, entry);
        changes.joined.push(entry);
      }
      const hadVideo = entry.hasVideo;
      setTracks(entry.stream, wanted.get(id) ?? []);
      entry.hasVideo = entry.stream.getTracks().some((t) => t.kind === 'video');
      if (entry.hasVideo !== hadVideo && changes.joined.indexOf(entry) < 0) changes.changed.push(entry);
    });
    return changes;
  }

  /** Participant id → the received tracks that carry them now. */
  private wantedTracks(): Map<string, MediaStreamTrack[]> {
    const bySlot = this.slotOwners();
    const wanted = new Map<string, MediaStreamTrack[]>();
    for (const { mid, parsed } of this.sentMids()) {
      // A capped slot belongs to whoever is assigned to it; an empty slot to nobody.
      const owner = parsed.slot ? bySlot.get(parsed.slot) : parsed.id;
      if (owner === undefined) continue;
      const list = wanted.get(owner) ?? [];
      const track = this.tracks.get(mid);
      if (track) list.push(track);
      wanted.set(owner, list);
    }
    // Assigned slots whose participant is named nowhere else still mean they are here.
    bySlot.forEach((id) => wanted.has(id) || wanted.set(id, []));
    return wanted;
  }

  /** The mids the current offer sends us, each with the participant or slot its track id names. */
  private sentMids(): Array<{ mid: string; parsed: ParsedTrackId }> {
    const sent: Array<{ mid: string; parsed: ParsedTrackId }> = [];
    for (const mid of Object.keys(this.idMapping)) {
      const parsed = parseTrackId(this.idMapping[mid]!);
      if (parsed && this.sending.has(mid)) sent.push({ mid, parsed });
    }
    return sent;
  }

  /** Participants the current offer sends us on m-lines of their own (not through a capped slot). */
  private sentIds(): string[] {
    return this.sentMids().flatMap(({ parsed }) => (parsed.slot ? [] : [parsed.id]));
  }

  /** Slot label → its assigned participant, for the slots the current offer has (see the file comment). */
  private slotOwners(): Map<string, string> {
    const offered = new Set(this.sentMids().map(({ parsed }) => parsed.slot));
    const owners = new Map<string, string>();
    for (const a of this.assignments) if (a.trackId && offered.has(a.videoLabel)) owners.set(a.videoLabel, a.trackId);
    return owners;
  }
}

function setTracks(stream: StreamLike, tracks: MediaStreamTrack[]): void {
  for (const track of stream.getTracks()) if (tracks.indexOf(track) < 0) stream.removeTrack(track);
  const present = stream.getTracks();
  for (const track of tracks) if (present.indexOf(track) < 0) stream.addTrack(track);
}

/** A participant's own track (`id`), or a capped slot (`slot`, with `id` the slot label too). */
export interface ParsedTrackId {
  id: string;
  slot?: string;
}

/** `ARDAMSv<id>` → `{ id }`, or `{ slot }` for a capped slot (`videoTrackN`, `audioTrackN`). */
export function parseTrackId(trackId: string): ParsedTrackId | undefined {
  const prefix = trackId.indexOf(TRACK_ID_PREFIX.video) === 0 || trackId.indexOf(TRACK_ID_PREFIX.audio) === 0;
  if (!prefix) return undefined;
  const id = trackId.slice(TRACK_ID_PREFIX.video.length);
  const slot = slotLabel(trackId);
  return slot ? { id, slot } : { id };
}

function slotLabel(trackId: string): string | undefined {
  const rest = trackId.slice(TRACK_ID_PREFIX.video.length);
  return /^(videoTrack|audioTrack)\d+$/.test(rest) ? rest : undefined;
}
