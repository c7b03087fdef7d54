/**
 * A participant's microphone and camera state as it travels in the stream's
 * metaData (Ant Media's conference convention: a JSON string with
 * `isMicMuted` and `isCameraOff`, set at publish and replaced with
 * updateStreamMetaData), and as the `UPDATE_STATUS` data-channel event of Ant
 * Media's conference samples carries it (`mic`/`camera`: true = muted/off).
 */
import type { BroadcastInfo, UpdateStatusEvent } from '../protocol/index.js';

export interface MediaState {
  microphoneMuted: boolean;
  cameraOff: boolean;
}

/** The metaData string we publish: our state plus the application's own fields. */
export function encodeMetaData(state: MediaState, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...extra, isMicMuted: state.microphoneMuted, isCameraOff: state.cameraOff });
}

/** The fields of a metaData value (a JSON string or an object); {} when it is neither. */
export function decodeMetaData(metaData: unknown): Record<string, unknown> {
  let value = metaData;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The state a metaData value states (fields it lacks stay as they were). */
export function stateFromMetaData(metaData: unknown, previous: MediaState): MediaState {
  const fields = decodeMetaData(metaData);
  return {
    microphoneMuted: typeof fields.isMicMuted === 'boolean' ? fields.isMicMuted : previous.microphoneMuted,
    cameraOff: typeof fields.isCameraOff === 'boolean' ? fields.isCameraOff : previous.cameraOff,
  };
}

export function stateFromStatusEvent(event: UpdateStatusEvent, previous: MediaState): MediaState {
  const { mic, camera } = event.payload;
  return {
    microphoneMuted: typeof mic === 'boolean' ? mic : previous.microphoneMuted,
    cameraOff: typeof camera === 'boolean' ? camera : previous.cameraOff,
  };
}

/** A Broadcast JSON string (`broadcastObject`, `subtrackList`) parsed, or undefined. */
export function parseBroadcast(json: unknown): BroadcastInfo | undefined {
  const fields = decodeMetaData(json);
  return typeof fields.streamId === 'string' ? (fields as unknown as BroadcastInfo) : undefined;
}

/** What `describeParticipant` and `applyState` change. */
export interface DescribedParticipant extends MediaState {
  name: string;
  metaData: Record<string, unknown>;
}

/** Sets `who`'s state; true when it changed. */
export function applyState(who: MediaState, state: MediaState): boolean {
  if (who.microphoneMuted === state.microphoneMuted && who.cameraOff === state.cameraOff) return false;
  who.microphoneMuted = state.microphoneMuted;
  who.cameraOff = state.cameraOff;
  return true;
}

/** Takes a Broadcast's name and metaData into `who`; true when anything changed. */
export function describeParticipant(who: DescribedParticipant, name: string | null, metaData: unknown): boolean {
  const fields = decodeMetaData(metaData);
  const changed = (!!name && name !== who.name) || JSON.stringify(fields) !== JSON.stringify(who.metaData);
  if (name) who.name = name;
  who.metaData = fields;
  return applyState(who, stateFromMetaData(fields, who)) || changed;
}
