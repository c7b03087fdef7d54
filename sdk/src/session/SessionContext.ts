/** What a Publisher, Player or PeerCall needs from the RelayClient that owns it. */
import type { WaitOptions } from '../core/deferred.js';
import type { Logger } from '../core/logger.js';
import type { Scheduler } from '../core/scheduler.js';
import type { PeerSession } from '../peer/PeerSession.js';
import type { ClientMessage, ServerMessage, ServerMessageOf } from '../protocol/index.js';
import type { ReconnectPolicy } from '../reconnect/ReconnectPolicy.js';
import type { StopAnswer } from './PendingStops.js';

/** The server messages routed to a session by streamId. */
export type SessionMessage = ServerMessageOf<
  'start' | 'stop' | 'takeConfiguration' | 'takeCandidate' | 'notification' | 'error' | 'streamInformation' | 'peerMessageCommand'
>;

export interface SessionContext {
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  /** Deadline for publish()/play() when the call gives none. */
  readonly timeoutMs: number;
  readonly connected: boolean;
  /** Undefined when reconnection is off. */
  readonly reconnectPolicy: ReconnectPolicy | undefined;
  /** Period of the `stats` event; 0 turns it off. */
  readonly statsIntervalMs: number;
  send(message: ClientMessage): void;
  waitFor(predicate: (message: ServerMessage) => boolean, options?: WaitOptions): Promise<ServerMessage>;
  /** Throws RelayError 'WEBRTC_UNSUPPORTED' where WebRTC is missing. */
  createPeer(logger: Logger): PeerSession;
  /**
   * Stops routing messages to this session. With `stopAnsweredBy` (we sent the server a stop),
   * the id stays reserved until the server's answer or STOP_CONFIRM_TIMEOUT_MS: a new session of
   * that id starts after it, so the answer cannot end the new one. Resolves then.
   */
  release(streamId: string, stopAnsweredBy?: StopAnswer): Promise<void>;
}

export interface SessionOptions extends WaitOptions {}
