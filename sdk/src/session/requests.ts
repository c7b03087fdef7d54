/** Requests that name a stream and wait for the server's answer (or its error for that stream). */
import { QUALITY_CONFIRM_TIMEOUT_MS } from '../core/defaults.js';
import type { WaitOptions } from '../core/deferred.js';
import { RelayError } from '../core/errors.js';
import { Notification, type ClientMessage, type ServerMessage, type StreamInfoEntry } from '../protocol/index.js';

export interface Requester {
  readonly timeoutMs: number;
  send(message: ClientMessage): void;
  waitFor(predicate: (message: ServerMessage) => boolean, options?: WaitOptions): Promise<ServerMessage>;
}

/** Sends `message` and resolves with the first answer `isAnswer` accepts; an `error` for the stream rejects. */
export async function ask(
  requester: Requester,
  message: ClientMessage & { streamId: string },
  isAnswer: (reply: ServerMessage) => boolean,
  wait: WaitOptions = {},
): Promise<ServerMessage> {
  const { streamId } = message;
  const reply = requester.waitFor(
    (m) => isAnswer(m) || (m.command === 'error' && m.streamId === streamId),
    { timeoutMs: wait.timeoutMs ?? requester.timeoutMs, signal: wait.signal },
  );
  requester.send(message);
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
 * `forceStreamQuality` (0 = automatic) → the height the server switched to,
 * or undefined when it sent no `resolutionChangeInfo` (nothing to switch) in time.
 */
export async function forceStreamQuality(requester: Requester, streamId: string, height: number): Promise<number | undefined> {
  try {
    const answer = await ask(
      requester,
      { command: 'forceStreamQuality', streamId, streamHeight: height },
      (m) => m.command === 'notification' && m.definition === Notification.resolutionChangeInfo && m.streamId === streamId,
      { timeoutMs: QUALITY_CONFIRM_TIMEOUT_MS },
    );
    return (answer as { streamHeight?: number }).streamHeight;
  } catch (error) {
    if (error instanceof RelayError && error.code === 'TIMEOUT') return undefined;
    throw error;
  }
}
