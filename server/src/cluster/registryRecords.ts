/**
 * What the nodes keep in Redis, and how it is read back: every value that
 * comes from Redis is validated here like any other network input, so a
 * stray or foreign key is ignored instead of crashing a node.
 *
 *   relayrtc:nodes                   set of node ids
 *   relayrtc:node:<id>               hash, expires nodeTimeoutMs after the last heartbeat (the heartbeat)
 *   relayrtc:node:<id>:streams       set of the stream ids it is the origin of
 *   relayrtc:stream:<streamId>       hash: its origin node and URL
 *   relayrtc:streams (channel)       stream start/stop events
 */

export const KEY_PREFIX = 'relayrtc:';
export const NODES_KEY = `${KEY_PREFIX}nodes`;
export const STREAM_EVENTS_CHANNEL = `${KEY_PREFIX}streams`;
export const nodeKey = (id: string): string => `${KEY_PREFIX}node:${id}`;
export const nodeStreamsKey = (id: string): string => `${KEY_PREFIX}node:${id}:streams`;
export const streamKey = (streamId: string): string => `${KEY_PREFIX}stream:${streamId}`;

export type NodeRole = 'origin' | 'edge';

export interface NodeIdentity {
  id: string;
  role: NodeRole;
  /** http(s)://host:port: its REST API, and its signaling at /{app}/websocket. */
  url: string;
}

export interface NodeLoad {
  /** Process CPU over the last heartbeat, % of one core. */
  cpuPercent: number;
  /** Event-loop delay (p99 over the last heartbeat), ms. */
  eventLoopLagMs: number;
  /** Viewers of this node (players, not counting edges pulling from it). */
  viewers: number;
  /** Viewers per stream on this node. */
  streams: Record<string, number>;
}

export interface NodeRecord extends NodeIdentity, NodeLoad {
  /** When its last heartbeat was written, ms since epoch (its own clock). */
  updatedAt: number;
}

export interface StreamOrigin {
  nodeId: string;
  url: string;
}

export interface StreamEvent {
  event: 'started' | 'stopped';
  streamId: string;
  nodeId: string;
  url: string;
}

export function nodeFields(identity: NodeIdentity, load: NodeLoad, now: number): Record<string, string> {
  return {
    id: identity.id,
    role: identity.role,
    url: identity.url,
    cpuPercent: load.cpuPercent.toFixed(1),
    eventLoopLagMs: load.eventLoopLagMs.toFixed(1),
    viewers: String(load.viewers),
    streams: JSON.stringify(load.streams),
    updatedAt: String(now),
  };
}

const finite = (text: string | undefined): number | undefined => {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
};

function viewersByStream(text: string | undefined): Record<string, number> | undefined {
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    const entries = Object.entries(parsed as Record<string, unknown>);
    return entries.every(([, v]) => typeof v === 'number' && Number.isInteger(v) && v >= 0) ? Object.fromEntries(entries) as Record<string, number> : undefined;
  } catch {
    return undefined;
  }
}

/** A node's hash, or undefined when it is missing (expired: dead) or not ours. */
export function parseNodeRecord(hash: Record<string, string>): NodeRecord | undefined {
  const { id, role, url } = hash;
  const cpuPercent = finite(hash.cpuPercent);
  const eventLoopLagMs = finite(hash.eventLoopLagMs);
  const viewers = finite(hash.viewers);
  const updatedAt = finite(hash.updatedAt);
  const streams = viewersByStream(hash.streams);
  if (!id || !url || (role !== 'origin' && role !== 'edge')) return undefined;
  if (cpuPercent === undefined || eventLoopLagMs === undefined || viewers === undefined || updatedAt === undefined || !streams) return undefined;
  return { id, role, url, cpuPercent, eventLoopLagMs, viewers, streams, updatedAt };
}

export function parseStreamOrigin(hash: Record<string, string>): StreamOrigin | undefined {
  return hash.node && hash.url ? { nodeId: hash.node, url: hash.url } : undefined;
}

export function parseStreamEvent(text: string): StreamEvent | undefined {
  try {
    const raw = JSON.parse(text) as Partial<StreamEvent> | null;
    if (!raw || (raw.event !== 'started' && raw.event !== 'stopped')) return undefined;
    if (typeof raw.streamId !== 'string' || typeof raw.nodeId !== 'string' || typeof raw.url !== 'string') return undefined;
    return { event: raw.event, streamId: raw.streamId, nodeId: raw.nodeId, url: raw.url };
  } catch {
    return undefined;
  }
}
