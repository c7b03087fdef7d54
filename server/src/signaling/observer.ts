/**
 * What the signaling layer reports as it works, for metrics and logs; the
 * server plugs in ops/metrics.ts, tests and embedders may plug in nothing.
 */
import type { ErrorDefinitionValue } from 'relayrtc/protocol';

/** `misdirected`: in a cluster, `target` named the other role (cluster/clusterNode.ts). */
export type UpgradeRefusal = 'notFound' | 'shuttingDown' | 'tooManyConnections' | 'originNotAllowed' | 'misdirected';

export interface SignalingObserver {
  socketOpened(): void;
  socketClosed(): void;
  upgradeRefused(reason: UpgradeRefusal): void;
  /** Every `error` the server sends, by definition. */
  errorSent(definition: ErrorDefinitionValue): void;
  /** A command that passed validation and was handled. */
  commandReceived(command: string): void;
}

export const ignoreSignaling: SignalingObserver = {
  socketOpened: () => undefined,
  socketClosed: () => undefined,
  upgradeRefused: () => undefined,
  errorSent: () => undefined,
  commandReceived: () => undefined,
};
