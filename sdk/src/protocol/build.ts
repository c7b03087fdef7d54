/**
 * Typed constructors for the messages each side sends, so no caller writes
 * a command or definition string by hand.
 */
import type { ClientMessageOf } from './clientMessages.js';
import {
  ErrorDefinition,
  NO_STREAM_EXIST_ERROR_CODE,
  type ErrorDefinitionValue,
  type NotificationDefinition,
} from './definitions.js';
import type { ServerMessageOf, StreamInfoEntry } from './serverMessages.js';

export interface ErrorMessage {
  command: 'error';
  definition: ErrorDefinitionValue;
  streamId?: string;
  error_code?: string;
  information?: string;
}

export interface NotificationMessage {
  command: 'notification';
  definition: NotificationDefinition;
  streamId?: string;
  [extra: string]: unknown;
}

export function errorMessage(definition: ErrorDefinitionValue, streamId?: string, information?: string): ErrorMessage {
  const message: ErrorMessage = { command: 'error', definition };
  if (streamId !== undefined) message.streamId = streamId;
  if (definition === ErrorDefinition.noStreamExist) message.error_code = NO_STREAM_EXIST_ERROR_CODE;
  if (information !== undefined) message.information = information;
  return message;
}

export function notificationMessage(
  definition: NotificationDefinition,
  streamId?: string,
  extra: Record<string, unknown> = {},
): NotificationMessage {
  return { command: 'notification', definition, ...(streamId === undefined ? {} : { streamId }), ...extra };
}

export function startMessage(streamId: string): ServerMessageOf<'start'> {
  return { command: 'start', streamId };
}

export function stopMessage(streamId: string): ServerMessageOf<'stop'> {
  return { command: 'stop', streamId };
}

export function pongMessage(): ServerMessageOf<'pong'> {
  return { command: 'pong' };
}

export function takeConfigurationMessage(
  streamId: string,
  type: 'offer' | 'answer',
  sdp: string,
  idMapping?: Record<string, string>,
): ServerMessageOf<'takeConfiguration'> {
  return { command: 'takeConfiguration', streamId, type, sdp, ...(idMapping ? { idMapping } : {}) };
}

export function takeCandidateMessage(
  streamId: string,
  label: number,
  id: string | undefined,
  candidate: string,
): ServerMessageOf<'takeCandidate'> {
  return { command: 'takeCandidate', streamId, label, ...(id === undefined ? {} : { id }), candidate };
}

/** Client side: what our SDK sends. Keys match the official SDK's so the server sees one shape. */
export function publishCommand(streamId: string, options: Omit<ClientMessageOf<'publish'>, 'command' | 'streamId'> = {}): ClientMessageOf<'publish'> {
  return { command: 'publish', streamId, ...options };
}

export function playCommand(streamId: string, options: Omit<ClientMessageOf<'play'>, 'command' | 'streamId'> = {}): ClientMessageOf<'play'> {
  return { command: 'play', streamId, ...options };
}

export function pingCommand(): ClientMessageOf<'ping'> {
  return { command: 'ping' };
}

export function stopCommand(streamId: string): ClientMessageOf<'stop'> {
  return { command: 'stop', streamId };
}

export function takeConfigurationCommand(streamId: string, type: 'offer' | 'answer', sdp: string): ClientMessageOf<'takeConfiguration'> {
  return { command: 'takeConfiguration', streamId, type, sdp };
}

/** `label` is the candidate's sdpMLineIndex and `id` its sdpMid, as Ant Media names them. */
export function takeCandidateCommand(
  streamId: string,
  label: number | undefined,
  id: string | undefined,
  candidate: string,
): ClientMessageOf<'takeCandidate'> {
  return {
    command: 'takeCandidate',
    streamId,
    ...(label === undefined ? {} : { label }),
    ...(id === undefined ? {} : { id }),
    candidate,
  };
}

export function iceServerConfigMessage(
  stunServerUri: string,
  turnServerUsername: string,
  turnServerCredential: string,
): ServerMessageOf<'iceServerConfig'> {
  return { command: 'iceServerConfig', stunServerUri, turnServerUsername, turnServerCredential };
}

export function streamInformationMessage(streamId: string, streamInfo: StreamInfoEntry[]): ServerMessageOf<'streamInformation'> {
  return { command: 'streamInformation', streamId, streamInfo };
}

export function peerMessageCommandMessage(streamId: string, definition: string | undefined, data: unknown): ServerMessageOf<'peerMessageCommand'> {
  return { command: 'peerMessageCommand', streamId, ...(definition === undefined ? {} : { definition }), data };
}
