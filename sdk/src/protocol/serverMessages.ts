/**
 * Server → client messages (antmedia-protocol.md §4.3), as field tables.
 * The server builds them with the typed constructors in `build.ts`; the SDK
 * validates what arrives with `parseServerMessage`.
 */
import { json, number, string, stringArray, stringRecord, type Fields, type Shape } from './schema.js';

const streamInfoEntry = json.required;

export const serverCommandFields = {
  pong: {},
  iceServerConfig: {
    stunServerUri: string.required,
    turnServerUsername: string.optional,
    turnServerCredential: string.optional,
  },
  start: {
    streamId: string.required,
    subscriberId: string.optional,
  },
  stop: { streamId: string.required },
  takeConfiguration: {
    streamId: string.required,
    type: string.required,
    sdp: string.required,
    idMapping: stringRecord.optional,
    linkSession: string.optional,
    subscriberId: string.optional,
  },
  takeCandidate: {
    streamId: string.required,
    label: number.required,
    id: string.optional,
    candidate: string.required,
    linkSession: string.optional,
    subscriberId: string.optional,
  },
  notification: {
    definition: string.required,
    streamId: string.optional,
    subscriberId: string.optional,
    streamHeight: number.optional,
    targetBitrate: number.optional,
    videoBitrate: number.optional,
    audioBitrate: number.optional,
    // Room notifications (definitions.ts says which definition carries which)
    /** subtrackAdded / subtrackRemoved: the participant's stream id. */
    trackId: string.optional,
    room: string.optional,
    ATTR_ROOM_NAME: string.optional,
    /** joinedTheRoom: the other participants' stream ids. */
    streams: stringArray.optional,
    /** joinedTheRoom: `RoomStreamEntry[]`. */
    streamList: json.optional,
    /** joinedTheRoom: the room's video track cap (-1 = none). */
    maxTrackCount: number.optional,
    /** subtrackCount / subscriberCount. */
    count: number.optional,
    /** subtrackList: Broadcast JSON strings (`BroadcastInfo`). */
    subtrackList: stringArray.optional,
    /** broadcastObject: a Broadcast JSON string (`BroadcastInfo`). */
    broadcast: string.optional,
    /** videoTrackAssignmentList: `VideoTrackAssignment[]`. */
    payload: json.optional,
    /** subscriberList: Subscriber JSON strings (`SubscriberInfo`). */
    subscriberList: stringArray.optional,
    /** debugInfo: RelayRTC sends `ServerDebugInfo` as JSON; Ant Media, text for people. */
    debugInfo: string.optional,
  },
  error: {
    definition: string.required,
    streamId: string.optional,
    error_code: string.optional,
    information: string.optional,
  },
  peerMessageCommand: {
    streamId: string.required,
    definition: string.optional,
    data: json.optional,
  },
  streamInformation: {
    streamId: string.required,
    streamInfo: streamInfoEntry,
  },
  /** Answer to getTrackList: the main track's subtracks. */
  trackList: {
    streamId: string.required,
    trackList: stringArray.required,
  },
  /** Answer to getRoomInfo (§4.3). */
  roomInformation: {
    room: string.required,
    ATTR_ROOM_NAME: string.optional,
    /** The participants' stream ids (the asker's own left out). */
    streams: stringArray.required,
    /** `RoomStreamEntry[]`, one per id in `streams`. */
    streamList: json.optional,
  },
} as const satisfies Record<string, Fields>;

export type ServerCommandName = keyof typeof serverCommandFields;

export type ServerMessage = {
  [C in ServerCommandName]: { command: C } & Shape<(typeof serverCommandFields)[C]>;
}[ServerCommandName];

export type ServerMessageOf<C extends ServerCommandName> = Extract<ServerMessage, { command: C }>;

/** One rendition in `streamInformation.streamInfo`. */
export interface StreamInfoEntry {
  streamWidth: number;
  streamHeight: number;
  videoBitrate: number;
  audioBitrate: number;
  videoCodec: string;
}

/** One participant in `joinedTheRoom` / `roomInformation`'s `streamList`. */
export interface RoomStreamEntry {
  streamId: string;
  streamName: string | null;
  /** As the participant published it or last set it with updateStreamMetaData (often a JSON string). */
  metaData: unknown;
}

/**
 * The fields of Ant Media's Broadcast object that `broadcastObject` and
 * `subtrackList` carry (as JSON strings) for a room or a participant.
 */
export interface BroadcastInfo {
  streamId: string;
  name: string | null;
  /** `broadcasting` while live, `created` before media flows, `finished` after. */
  status: 'created' | 'broadcasting' | 'finished';
  metaData: unknown;
  role: string;
  /** A participant: its room. */
  mainTrackStreamId?: string;
  /** A room: its participants' stream ids. */
  subTrackStreamIds?: string[];
  /** Players of this stream (for a room, of the room). */
  webRTCViewerCount: number;
  startTime: number;
}

/**
 * One entry of `subscriberList`: the fields of Ant Media's Subscriber that a
 * relay knows. Ant Media lists the subscribers registered for a stream; we
 * have no subscriber store, so we list who plays it now.
 */
export interface SubscriberInfo {
  /** The `subscriberId` its play sent; a player that sent none is named by its WebSocket's id. */
  subscriberId: string;
  /** The `subscriberName` its play sent, or ''. */
  subscriberName: string;
  streamId: string;
  /** Ant Media's Subscriber type; only players are listed. */
  type: 'play';
  /** Always true: only subscribers with a play open are listed. */
  connected: boolean;
  /** How many plays of the stream this subscriber has open. */
  currentConcurrentConnections: number;
}

/** What RelayRTC's `debugInfo` carries (as a JSON string): the server's load and the stream's counts. */
export interface ServerDebugInfo {
  streamId: string;
  /** 1 while the stream is published (for a room, its participants); 0 for an id nothing publishes. */
  publisherCount: number;
  /** Its players (for a room, the room's). */
  playerCount: number;
  /** The server process's CPU over the load window, % of all cores. */
  cpuPercent: number;
  /** Event-loop delay over the same window (mean of p99s), ms. */
  eventLoopLagMs: number;
  /** The server process's resident memory and used JavaScript heap, bytes. */
  rssBytes: number;
  heapUsedBytes: number;
  uptimeSeconds: number;
  /** Streams and peer connections the server carries. */
  streamCount: number;
  peerConnectionCount: number;
}
