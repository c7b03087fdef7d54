/**
 * Events the server sends on a room play's data channel (Ant Media's
 * DataChannelConstants, antmedia-protocol.md §4.5): JSON text with an
 * `eventType`. Participants' own messages share the channel and pass through
 * as-is, so `parseDataChannelEvent` returns undefined for anything it does
 * not recognise and the caller treats that as user data.
 */

export const DataChannelEventType = {
  /** The room's participants changed; a renegotiation follows. */
  trackListUpdated: 'TRACK_LIST_UPDATED',
  /** Which participant feeds each capped video slot. */
  videoTrackAssignmentList: 'VIDEO_TRACK_ASSIGNMENT_LIST',
  /** App convention (Ant Media's conference samples), relayed as-is: a participant's mic, camera and pin state. */
  updateStatus: 'UPDATE_STATUS',
} as const;
export type DataChannelEventTypeValue = (typeof DataChannelEventType)[keyof typeof DataChannelEventType];

/** One capped video slot: `videoLabel` (`videoTrackN`) shows participant `trackId` ('' = none). */
export interface VideoTrackAssignment {
  videoLabel: string;
  trackId: string;
  /** The slot is pinned (assignVideoTrackCommand) rather than filled by the active-speaker order. */
  reserved: boolean;
}

export interface TrackListUpdatedEvent {
  eventType: 'TRACK_LIST_UPDATED';
  /** The room. */
  streamId: string;
}

export interface VideoTrackAssignmentListEvent {
  eventType: 'VIDEO_TRACK_ASSIGNMENT_LIST';
  /** The room. */
  streamId: string;
  payload: VideoTrackAssignment[];
}

/** `mic`/`camera` are true when muted/off, as in Ant Media's conference sample. */
export interface UpdateStatusEvent {
  eventType: 'UPDATE_STATUS';
  /** The sender's own participant stream id. */
  streamId: string;
  payload: { streamId?: string; mic?: boolean; camera?: boolean; pinnedId?: string | number; [key: string]: unknown };
}

export type DataChannelEvent = TrackListUpdatedEvent | VideoTrackAssignmentListEvent | UpdateStatusEvent;

export function trackListUpdatedEvent(roomId: string): TrackListUpdatedEvent {
  return { eventType: DataChannelEventType.trackListUpdated, streamId: roomId };
}

export function videoTrackAssignmentListEvent(roomId: string, payload: VideoTrackAssignment[]): VideoTrackAssignmentListEvent {
  return { eventType: DataChannelEventType.videoTrackAssignmentList, streamId: roomId, payload };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isAssignment(value: unknown): value is VideoTrackAssignment {
  return isRecord(value) && typeof value.videoLabel === 'string' && typeof value.trackId === 'string' && typeof value.reserved === 'boolean';
}

/** A recognised event from one text message, or undefined (not JSON, not an event, or malformed). */
export function parseDataChannelEvent(text: string): DataChannelEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || typeof raw.streamId !== 'string') return undefined;
  switch (raw.eventType) {
    case DataChannelEventType.trackListUpdated:
      return { eventType: raw.eventType, streamId: raw.streamId };
    case DataChannelEventType.videoTrackAssignmentList:
      return Array.isArray(raw.payload) && raw.payload.every(isAssignment)
        ? { eventType: raw.eventType, streamId: raw.streamId, payload: raw.payload }
        : undefined;
    case DataChannelEventType.updateStatus:
      return isRecord(raw.payload) ? { eventType: raw.eventType, streamId: raw.streamId, payload: raw.payload } : undefined;
    default:
      return undefined;
  }
}
