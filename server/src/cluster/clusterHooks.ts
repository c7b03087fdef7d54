/**
 * What signaling asks of the cluster (ServerContext.cluster, set only when
 * clustering is configured): the play and publish handlers, the WebSocket
 * upgrade and the REST API call these; everything else stays in cluster/.
 */
import type { IncomingMessage } from 'node:http';
import type { SourceTrack } from '../relay/sourceTrack.js';
import type { SignalingSession } from '../signaling/signalingSession.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { ClientIntent } from './nodeSelection.js';
import type { NodeIdentity, NodeRecord } from './registryRecords.js';

export interface ClusterHooks {
  readonly self: NodeIdentity;
  /**
   * A stream this node does not carry: pulled from its origin and returned
   * once live here, or undefined when no node of the cluster has it.
   */
  pull(streamId: string, app: string): Promise<LiveStream | undefined>;
  /** Whether this node takes a publish; when not, the refusal has been answered. */
  admitsPublish(session: SignalingSession, streamId: string): Promise<boolean>;
  /**
   * For a play with a valid pull token: the layers to send the pulling edge, one track each, once
   * a just-published stream's simulcast layers have had time to start (a pull is not renegotiated
   * when a layer starts later). Undefined for any other play.
   */
  pinnedLayers(streamId: string, token: string | undefined, stream: LiveStream): Promise<SourceTrack[] | undefined>;
  /** An upgrade whose `target` names the other role while a node of that role is alive: where it should go. */
  misrouted(request: IncomingMessage, app: string): string | undefined;
  /** Alive nodes as of the last heartbeat (for the REST API). */
  nodes(): Promise<NodeRecord[]>;
  /** The least loaded alive node for a publish or a play. */
  nodeFor(intent: ClientIntent): Promise<NodeRecord | undefined>;
}
