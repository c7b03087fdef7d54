/**
 * Validators for both directions. Every frame from the network goes through
 * one of these before anything acts on it; a bad frame becomes a
 * `ProtocolViolation` carrying the exact `definition` to answer with.
 */
import { clientCommandFields, commandsNamingARoom, commandsNamingAStream, type ClientMessage } from './clientMessages.js';
import { ErrorDefinition, MAX_TEXT_FRAME_BYTES, type ErrorDefinitionValue } from './definitions.js';
import type { Fields } from './schema.js';
import { serverCommandFields, type ServerMessage } from './serverMessages.js';
import { isValidStreamId } from './streamId.js';

export interface ProtocolViolation {
  definition: ErrorDefinitionValue;
  /** A sentence for humans: which key, what was wrong. */
  information: string;
  /** The offending message's command and streamId, when they could be read. */
  command?: string;
  streamId?: string;
}

export type ParseResult<M> = { ok: true; message: M } | { ok: false; violation: ProtocolViolation };

function fail<M>(violation: ProtocolViolation): ParseResult<M> {
  return { ok: false, violation };
}

function hasOwn(table: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** Keys with their own definitions when missing or malformed (Ant Media's); every other key gets missingParameter / invalidParameter. */
const KEY_DEFINITIONS: Readonly<Record<string, { missing: ErrorDefinitionValue; malformed: ErrorDefinitionValue }>> = {
  streamId: { missing: ErrorDefinition.noStreamNameSpecified, malformed: ErrorDefinition.invalidStreamName },
  room: { missing: ErrorDefinition.noRoomNameSpecified, malformed: ErrorDefinition.invalidStreamName },
};

/** Checks `raw` against a field table; returns the validated copy (unknown keys dropped). */
function checkFields(
  command: string,
  fields: Fields,
  raw: Record<string, unknown>,
): { ok: true; value: Record<string, unknown> } | { ok: false; violation: ProtocolViolation } {
  const value: Record<string, unknown> = { command };
  const streamId = typeof raw.streamId === 'string' ? raw.streamId : undefined;
  for (const [key, spec] of Object.entries(fields)) {
    const present = raw[key] !== undefined && raw[key] !== null;
    if (!present) {
      if (!spec.required) continue;
      const definition = KEY_DEFINITIONS[key]?.missing ?? ErrorDefinition.missingParameter;
      return { ok: false, violation: { definition, information: `'${command}' needs '${key}'`, command, streamId } };
    }
    const accepted = spec.accept(raw[key]);
    if (accepted === undefined) {
      const definition = KEY_DEFINITIONS[key]?.malformed ?? ErrorDefinition.invalidParameter;
      const information = `'${key}' of '${command}' must be a ${spec.typeName}`;
      return { ok: false, violation: { definition, information, command, streamId } };
    }
    value[key] = accepted;
  }
  return { ok: true, value };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

/**
 * Validates one text frame from a client. `byteLength` is the frame's size on
 * the wire (defaults to the string length) so over-long frames are refused
 * before they are parsed. `maxBytes` is Ant Media's limit unless the server
 * is configured otherwise.
 */
export function parseClientMessage(text: string, byteLength = text.length, maxBytes = MAX_TEXT_FRAME_BYTES): ParseResult<ClientMessage> {
  if (byteLength > maxBytes) {
    return fail({
      definition: ErrorDefinition.messageTooLarge,
      information: `frame of ${byteLength} bytes exceeds the ${maxBytes}-byte limit`,
    });
  }
  const raw = parseJsonObject(text);
  if (!raw) return fail({ definition: ErrorDefinition.invalidJson, information: 'frame is not a JSON object' });
  const command = raw.command;
  if (typeof command !== 'string') {
    return fail({ definition: ErrorDefinition.missingParameter, information: "message needs a string 'command'" });
  }
  if (!hasOwn(clientCommandFields, command)) {
    const streamId = typeof raw.streamId === 'string' ? raw.streamId : undefined;
    return fail({ definition: ErrorDefinition.unknownCommand, information: `unknown command '${command}'`, command, streamId });
  }
  const name = command as keyof typeof clientCommandFields;
  const checked = checkFields(name, clientCommandFields[name], raw);
  if (!checked.ok) return fail(checked.violation);
  const streamId = checked.value.streamId;
  if (commandsNamingAStream.has(name) && typeof streamId === 'string') {
    if (streamId === '') {
      return fail({ definition: ErrorDefinition.noStreamNameSpecified, information: `'${name}' needs a non-empty 'streamId'`, command: name });
    }
    if (!isValidStreamId(streamId)) {
      return fail({
        definition: ErrorDefinition.invalidStreamName,
        information: "stream ids may only contain letters, digits, '_', '.' and '-'",
        command: name,
        streamId,
      });
    }
  }
  if (commandsNamingARoom.has(name)) {
    const violation = checkRoomIds(name, checked.value);
    if (violation) return fail(violation);
  }
  return { ok: true, message: checked.value as ClientMessage };
}

/**
 * A room command's `room` must be a usable stream id; its optional `streamId`
 * too when non-empty (an empty one, as old clients send, counts as absent).
 */
function checkRoomIds(command: string, value: Record<string, unknown>): ProtocolViolation | undefined {
  const room = value.room as string;
  if (room === '') return { definition: ErrorDefinition.noRoomNameSpecified, information: `'${command}' needs a non-empty 'room'`, command };
  if (!isValidStreamId(room)) {
    return { definition: ErrorDefinition.invalidStreamName, information: "room ids may only contain letters, digits, '_', '.' and '-'", command };
  }
  const streamId = value.streamId;
  if (streamId === '') delete value.streamId;
  else if (typeof streamId === 'string' && !isValidStreamId(streamId)) {
    return { definition: ErrorDefinition.invalidStreamName, information: "stream ids may only contain letters, digits, '_', '.' and '-'", command, streamId };
  }
  return undefined;
}

/**
 * Validates one frame from the server (used by the SDK). Unknown commands are
 * returned as a violation the caller may ignore, as the official client does.
 */
export function parseServerMessage(text: string): ParseResult<ServerMessage> {
  const raw = parseJsonObject(text);
  if (!raw) return fail({ definition: ErrorDefinition.invalidJson, information: 'frame is not a JSON object' });
  const command = raw.command;
  if (typeof command !== 'string') {
    return fail({ definition: ErrorDefinition.missingParameter, information: "message needs a string 'command'" });
  }
  if (!hasOwn(serverCommandFields, command)) {
    return fail({ definition: ErrorDefinition.unknownCommand, information: `unknown command '${command}'`, command });
  }
  const name = command as keyof typeof serverCommandFields;
  const checked = checkFields(name, serverCommandFields[name], raw);
  if (!checked.ok) return fail(checked.violation);
  // Keep the keys the tables do not list (Ant Media adds many per definition).
  return { ok: true, message: { ...raw, ...checked.value } as ServerMessage };
}
