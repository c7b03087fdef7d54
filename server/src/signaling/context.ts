/** What every signaling handler may use: configuration, the stream registry, time and logging. */
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock } from '../relay/clock.js';
import type { PeerTracker } from '../streams/peerTracker.js';
import type { StreamRegistry } from '../streams/streamRegistry.js';

export interface ServerContext {
  config: RelayServerConfig;
  registry: StreamRegistry;
  clock: Clock;
  log: Logger;
  peers: PeerTracker;
}
