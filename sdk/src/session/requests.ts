/** Requests that name a stream and wait for the server's answer (or its error for that stream). */
import { QUALITY_CONFIRM_TIMEOUT_MS } from '../core/defaults.js';
import type { WaitOptions } from '../core/deferred.js';
import { RelayError } from '../core/errors.js';
import { clientCommand, Notification, type ClientMessage, type ServerMessage, type StreamInfoEntry } from '../protocol/index.js';

export interface Requester {
  readonly timeoutMs: number;
  send(message: ClientMessage): void;
  waitFor(predicate: (message: ServerMessage) => boolean, options?: WaitOptions): Promise<ServerMessage>;
}

/**
 * Sends `message` and resolves with the first answer `isAnswer` accepts; an `error`
 * naming `about` (as its streamId, or its room) rejects. `about` defaults to the message's streamId.
 */
export async function ask(
  requester: Requester,
  message: ClientMessage,
  isAnswer: (reply: ServerMessage) => boolean,
  wait: WaitOptions = {},
  about: string | undefined = (message as { streamId?: string }).streamId,
): Promise<ServerMessage> {
  const reply = requester.waitFor(
    (m) => isAnswer(m) || (m.command === 'error' && (m.streamId === about || (m as { room?: unknown }).room === about)),
    { timeoutMs: wait.timeoutMs ?? requester.timeoutMs, signal: wait.signal },
  );
  // A signal aborted before the call: `reply` rejects with ABORTED already, and nothing is asked.
  if (!wait.signal?.aborted) {
    try {
      requester.send(message);
    } catch (error) {
      reply.catch(() => undefined); // not sent: the wait's own rejection would go unhandled
      throw error;
    }
  }
  const answer = await reply;
  if (answer.command === 'error') throw RelayError.fromServer(answer);
  return answer;
}

/** `getStreamInfo` → the stream's layers (height, width, bitrates, codec). */
export async function getStreamInfo(requester: Requester, streamId: string, wait?: WaitOptions): Promise<StreamInfoEntry[]> {
  const answer = await ask(
    requester,
    { command: 'getStreamInfo', streamId },
    (m) => m.command === 'streamInformation' && m.streamId === streamId,
    wait,
  );
  const info = (answer as { streamInfo?: unknown }).streamInfo;
  return Array.isArray(info) ? (info as StreamInfoEntry[]) : [];
}

/**
 * `forceStreamQuality` (0 = automatic) → the height the server switched to, or undefined when it
 * sent no `resolutionChangeInfo` (nothing to switch) in time. A pinned height is answered by a
 * switch to that height: a switch to another, already under way, is not the answer.
 */
export async function forceStreamQuality(requester: Requester, streamId: string, height: number): Promise<number | undefined> {
  try {
    const answer = await ask(
      requester,
      { command: 'forceStreamQuality', streamId, streamHeight: height },
      (m) => m.command === 'notification' && m.definition === Notification.resolutionChangeInfo && m.streamId === streamId && (!height || m.streamHeight === height),
      { timeoutMs: QUALITY_CONFIRM_TIMEOUT_MS },
    );
    return (answer as { streamHeight?: number }).streamHeight;
  } catch (error) {
    if (error instanceof RelayError && error.code === 'TIMEOUT') return undefined;
    throw error;
  }
}

/**
 * `toggleVideo` / `toggleAudio`: the server stops (`enabled` false) or resumes sending this
 * socket's play of `streamId` the `kind` of `trackId` (the stream itself, or a room participant).
 * It does not answer success; a refusal comes back as an `error` naming `streamId`.
 */
export function toggleMedia(requester: Pick<Requester, 'send'>, kind: 'audio' | 'video', streamId: string, trackId: string | undefined, enabled: boolean): void {
  requester.send(clientCommand(kind === 'video' ? 'toggleVideo' : 'toggleAudio', { streamId, ...definedOnly({ trackId }), enabled }));
}

/** `fields` without its undefined values, so the wire carries only what the caller set. */
export function definedOnly<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
