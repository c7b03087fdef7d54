/** What every signaling handler may use: configuration, the stream registry, time and logging. */
import type { AccessPolicy } from '../auth/accessPolicy.js';
import type { ClusterHooks } from '../cluster/clusterHooks.js';
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { LoadMonitor } from '../ops/loadMonitor.js';
import type { Clock } from '../relay/clock.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { PeerDeps } from '../streams/peerDeps.js';
import type { PeerTracker } from '../streams/peerTracker.js';
import type { PeerCalls } from './peerCalls.js';
import type { SignalingObserver } from './observer.js';
import type { PendingPlays } from './pendingPlays.js';
import type { StreamRegistry } from '../streams/streamRegistry.js';
import type { ViewerWorkers } from '../workers/viewerWorkers.js';

export interface ServerContext {
  config: RelayServerConfig;
  registry: StreamRegistry;
  clock: Clock;
  log: Logger;
  peers: PeerTracker;
  access: AccessPolicy;
  /** Peer-to-peer calls by stream id (`join`). */
  calls: PeerCalls;
  /** Sockets waiting for a stream to go live. */
  pendingPlays: PendingPlays;
  /** Shared, mutable server state the handlers consult. */
  state: { draining: boolean };
  /** Told about sockets, commands and errors (metrics). */
  observer: SignalingObserver;
  /** This node's cluster (origin/edge on Redis), when clustering is configured; set once the server listens. */
  cluster?: ClusterHooks;
  /** Event-loop delay and CPU over a sliding window: new peers are refused when over the limits. */
  load: LoadMonitor;
  /** Worker threads holding plays' peers (config.relay.viewerWorkers); none = plays on this thread. */
  viewerWorkers: ViewerWorkers | undefined;
}

/** The dependencies a server peer of `stream` gets. */
export function peerDeps(ctx: ServerContext, stream: LiveStream): PeerDeps {
  return { relay: stream.relay, data: stream.data, config: ctx.config, clock: ctx.clock, tracker: ctx.peers, videoCodec: stream.videoCodec };
}
