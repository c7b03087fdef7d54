/** What a server peer needs from its stream and the server. */
import type { RelayServerConfig } from '../config.js';
import type { Clock } from '../relay/clock.js';
import type { DataChannelHub } from '../relay/dataChannelHub.js';
import type { StreamRelay } from '../relay/streamRelay.js';
import type { PeerTracker } from './peerTracker.js';
import type { VideoCodecChoice } from './weriftPeerConfig.js';

export interface PeerDeps {
  relay: StreamRelay;
  data: DataChannelHub;
  config: RelayServerConfig;
  clock: Clock;
  tracker: PeerTracker;
  /** For a viewer: the codec its publisher sends, the only one to offer. */
  videoCodec?: VideoCodecChoice;
}
