/**
 * Client → server commands (antmedia-protocol.md §4.2), as field tables.
 * Keys and their spelling are Ant Media's; optional keys are the ones the
 * official 2.5.x and 2.16.x clients may leave out.
 */
import { boolean, json, number, string, stringArray, type Fields, type Shape } from './schema.js';

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
    userPublishId: string.optional,
    disableTracksByDefault: boolean.optional,
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
  'join',
  'leave',
  'peerMessageCommand',
  'relayTestKnob',
]);
