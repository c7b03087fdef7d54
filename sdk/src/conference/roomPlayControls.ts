/**
 * What the Conference asks the server to send its play of the room (antmedia-protocol.md §4.2,
 * §4.4.5): stop or resume one participant (`enableTrack`), or page the capped video slots
 * (`updateVideoTrackAssignmentsCommand`). The server does not answer these, so each resolves once
 * sent; a refusal comes back as an `error` naming the room, which reaches the Conference's `error`
 * event through its Player. `roomId` is the room we play, undefined while not joined.
 */
import { RelayError } from '../core/errors.js';
import type { RoomRequests } from './RoomRequests.js';

export async function setReceiving(rooms: RoomRequests, roomId: string | undefined, participantId: string, receiving: boolean): Promise<void> {
  if (typeof participantId !== 'string' || !participantId || typeof receiving !== 'boolean') throw new TypeError('setReceiving() takes a participant id and a boolean');
  rooms.enableTrack(joined(roomId), participantId, receiving);
}

export async function setVideoPage(rooms: RoomRequests, roomId: string | undefined, offset: number, size: number): Promise<void> {
  if (!isCount(offset) || !isCount(size)) throw new TypeError('setVideoPage() takes an offset and a size, integers of 0 or more');
  rooms.updateVideoTrackAssignments(joined(roomId), offset, size);
}

/**
 * The participants we stopped receiving. A new play of the room (after a lost connection) is sent
 * everyone again, so they are paused again on it.
 */
export class PausedParticipants {
  private readonly ids = new Set<string>();

  async set(rooms: RoomRequests, roomId: string | undefined, participantId: string, receiving: boolean): Promise<void> {
    await setReceiving(rooms, roomId, participantId, receiving);
    if (receiving) this.ids.delete(participantId);
    else this.ids.add(participantId);
  }

  /** Pauses again, on a new play of `roomId`, those still in the room. */
  pauseAgain(rooms: RoomRequests, roomId: string, present: (participantId: string) => boolean): void {
    for (const id of this.ids) if (present(id)) rooms.enableTrack(roomId, id, false);
  }

  clear(): void {
    this.ids.clear();
  }
}

function joined(roomId: string | undefined): string {
  if (roomId === undefined) throw new RelayError('NOT_CONNECTED', 'Join the conference first');
  return roomId;
}

const isCount = (value: number) => Number.isInteger(value) && value >= 0;
