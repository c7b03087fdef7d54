/**
 * Client → server commands (antmedia-protocol.md §4.2), as field tables.
 * Keys and their spelling are Ant Media's; optional keys are the ones the
 * official 2.5.x and 2.16.x clients may leave out.
 */
import { boolean, json, nonNegativeInteger, number, string, stringArray, trackLimit, type Fields, type Shape } from './schema.js';

const streamIdOnly = { streamId: string.required } satisfies Fields;

export const clientCommandFields = {
  ping: {},
  getIceServerConfig: {},
  publish: {
    streamId: string.required,
    token: string.optional,
    subscriberId: string.optional,
    subscriberCode: string.optional,
    streamName: string.optional,
    mainTrack: string.optional,
    video: boolean.optional,
    audio: boolean.optional,
    metaData: json.optional,
    role: string.optional,
  },
  play: {
    streamId: string.required,
    token: string.optional,
    room: string.optional,
    trackList: stringArray.optional,
    subscriberId: string.optional,
    subscriberCode: string.optional,
    subscriberName: string.optional,
    viewerInfo: json.optional,
    role: string.optional,
    /** In a room: this player's own participant stream, whose tracks it is not sent. */
    userPublishId: string.optional,
    disableTracksByDefault: boolean.optional,
    /**
     * Ours (optional): in a room, the most video tracks this player is sent at once
     * (-1 = every participant); the server's `maxVideoTrackCount` when absent.
     */
    maxVideoTrackCount: trackLimit.optional,
  },
  stop: streamIdOnly,
  takeConfiguration: {
    streamId: string.required,
    type: string.required,
    sdp: string.required,
  },
  takeCandidate: {
    streamId: string.required,
    label: number.optional,
    id: string.optional,
    candidate: string.required,
  },
  getStreamInfo: streamIdOnly,
  forceStreamQuality: {
    streamId: string.required,
    /** A layer height from streamInformation, or 0 for automatic. */
    streamHeight: number.required,
    trackId: string.optional,
  },
  /**
   * Stops (`enabled: false`) or resumes sending this player the video of `trackId`: the stream
   * itself, or in a room play a participant. Video resumes at a keyframe.
   */
  toggleVideo: {
    streamId: string.required,
    trackId: string.optional,
    enabled: boolean.required,
  },
  /** The same for audio. */
  toggleAudio: {
    streamId: string.required,
    trackId: string.optional,
    enabled: boolean.required,
  },
  /** Stops or resumes sending this room player (main track `streamId`) both media of participant `trackId`. */
  enableTrack: {
    streamId: string.required,
    trackId: string.required,
    enabled: boolean.required,
  },
  /** Answered `trackList`: the subtracks (participants) of main track `streamId`; none for a plain stream. */
  getTrackList: {
    streamId: string.required,
    token: string.optional,
  },
  join: {
    streamId: string.required,
    multiPeer: boolean.optional,
    mode: string.optional,
  },
  leave: streamIdOnly,
  peerMessageCommand: {
    streamId: string.required,
    definition: string.optional,
    data: json.optional,
  },
  // --- Conference rooms (§4.4.4 legacy, §4.4.5 multitrack). A room is a main track;
  // each participant's stream is one of its subtracks.
  /** Legacy join: answered `joinedTheRoom` with the participant's stream id and the room's streams. */
  joinRoom: {
    room: string.required,
    mainTrack: string.optional,
    /** The participant's own stream id; the server makes one up when absent. */
    streamId: string.optional,
    mode: string.optional,
    streamName: string.optional,
    role: string.optional,
    /** Lower-case in Ant Media's joinRoom only (every other command says metaData). */
    metadata: json.optional,
  },
  /** Legacy leave: answered `leavedFromRoom`; ends that participant's publish and this socket's play of the room. */
  leaveFromRoom: {
    room: string.required,
    mainTrack: string.optional,
    streamId: string.optional,
  },
  /** Answered `roomInformation` (or `no_active_streams_in_room`). `streamId` is the asker's own stream, left out of the list. */
  getRoomInfo: {
    room: string.required,
    streamId: string.optional,
  },
  /** Answered notification `subtrackList`: the room's participants as Broadcast JSON strings, one page. */
  getSubtracks: {
    streamId: string.required,
    role: string.optional,
    offset: nonNegativeInteger.optional,
    size: nonNegativeInteger.optional,
  },
  /** Answered notification `subtrackCount`. (The official SDK's method is getSubtrackCount; the command is plural.) */
  getSubtracksCount: {
    streamId: string.required,
    role: string.optional,
    status: string.optional,
  },
  /** Answered notification `subscriberCount`: how many players the stream (or room) has. */
  getSubscriberCount: streamIdOnly,
  /** Answered notification `subscriberList`: one page of the stream's (or room's) players as Subscriber JSON strings. */
  getSubscribers: {
    streamId: string.required,
    offset: nonNegativeInteger.optional,
    size: nonNegativeInteger.optional,
  },
  /** Answered notification `debugInfo`: the server's load and the stream's publisher and player counts. */
  getDebugInfo: streamIdOnly,
  /** Answered notification `broadcastObject` (the stream or room as a Broadcast JSON string). */
  getBroadcastObject: streamIdOnly,
  /** Replaces a stream's metaData (mic/camera state in conferences); the room's players are told with `broadcastObject`. */
  updateStreamMetaData: {
    streamId: string.required,
    metaData: json.required,
  },
  /** Answered notification `videoTrackAssignmentList` for this socket's play of the room `streamId`. */
  getVideoTrackAssignmentsCommand: streamIdOnly,
  /** Caps the video tracks this socket's play of room `streamId` is sent (-1 = every participant). */
  setMaxVideoTrackCountCommand: {
    streamId: string.required,
    maxTrackCount: trackLimit.required,
  },
  /**
   * Pins participant `streamId` to the video slot `videoTrackId` (e.g. `videoTrack0`) of this
   * socket's room play, or releases the pin (`enabled: false`).
   */
  assignVideoTrackCommand: {
    streamId: string.required,
    videoTrackId: string.optional,
    enabled: boolean.optional,
  },
  /**
   * Conference pagination: the video slots of this socket's play of room `streamId` go to the
   * participants from `offset` (in join order), `size` of them, loudest first when they outnumber the slots.
   */
  updateVideoTrackAssignmentsCommand: {
    streamId: string.required,
    offset: nonNegativeInteger.required,
    size: nonNegativeInteger.required,
  },
  /**
   * Ours, for tests only: impairs the server's leg to this player. A server
   * started without test knobs answers `unknownCommand`.
   */
  relayTestKnob: {
    streamId: string.required,
    /** Drop every Nth video packet sent to this player (0 = none), before retransmission. */
    dropEveryNthVideoPacket: number.optional,
    /** Cap this player's bandwidth, bps (0 = no cap). */
    bandwidthCap: number.optional,
  },
} as const satisfies Record<string, Fields>;

export type ClientCommandName = keyof typeof clientCommandFields;

/** One validated client message: a discriminated union on `command`. */
export type ClientMessage = {
  [C in ClientCommandName]: { command: C } & Shape<(typeof clientCommandFields)[C]>;
}[ClientCommandName];

export type ClientMessageOf<C extends ClientCommandName> = Extract<ClientMessage, { command: C }>;

/** Commands whose streamId names a stream and must pass the stream id rules. */
export const commandsNamingAStream: ReadonlySet<ClientCommandName> = new Set([
  'publish',
  'play',
  'stop',
  'takeConfiguration',
  'takeCandidate',
  'getStreamInfo',
  'forceStreamQuality',
  'toggleVideo',
  'toggleAudio',
  'enableTrack',
  'getTrackList',
  'join',
  'leave',
  'peerMessageCommand',
  'relayTestKnob',
  'getSubtracks',
  'getSubtracksCount',
  'getSubscriberCount',
  'getSubscribers',
  'getDebugInfo',
  'getBroadcastObject',
  'updateStreamMetaData',
  'getVideoTrackAssignmentsCommand',
  'setMaxVideoTrackCountCommand',
  'assignVideoTrackCommand',
  'updateVideoTrackAssignmentsCommand',
]);

/**
 * Room commands: `room` must name a stream (the main track); their `streamId`
 * is optional (a participant's own id) and, when given, follows the stream id rules.
 */
export const commandsNamingARoom: ReadonlySet<ClientCommandName> = new Set(['joinRoom', 'leaveFromRoom', 'getRoomInfo']);
