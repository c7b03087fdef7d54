/**
 * Server → client messages (antmedia-protocol.md §4.3), as field tables.
 * The server builds them with the typed constructors in `build.ts`; the SDK
 * validates what arrives with `parseServerMessage`.
 */
import { json, number, string, stringRecord, type Fields, type Shape } from './schema.js';

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
