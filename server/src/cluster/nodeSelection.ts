/**
 * Which node a client should use: publishes go to origins, plays to edges
 * (to an origin when no edge is alive, so a cluster of origins alone still
 * serves viewers), and among those the least loaded. Viewers are the load a
 * relay node carries (every one costs egress packets, DESIGN.md), so they
 * decide first; CPU, then event-loop delay, break ties between nodes that
 * carry as many, in steps coarse enough that measurement noise does not.
 */
import type { NodeRecord, NodeRole } from './registryRecords.js';

export type ClientIntent = 'publish' | 'play';

/** CPU is compared in steps of this many % of a core: finer differences are noise on a shared machine. */
const CPU_STEP_PERCENT = 10;
/** Event-loop delay in steps of this many ms. */
const LAG_STEP_MS = 10;

export function rolesFor(intent: ClientIntent): NodeRole[] {
  return intent === 'publish' ? ['origin'] : ['edge', 'origin'];
}

function byLoad(a: NodeRecord, b: NodeRecord): number {
  return (
    a.viewers - b.viewers ||
    Math.floor(a.cpuPercent / CPU_STEP_PERCENT) - Math.floor(b.cpuPercent / CPU_STEP_PERCENT) ||
    Math.floor(a.eventLoopLagMs / LAG_STEP_MS) - Math.floor(b.eventLoopLagMs / LAG_STEP_MS) ||
    a.id.localeCompare(b.id)
  );
}

/** The least loaded alive node for `intent`, or undefined when no node of a fitting role is alive. */
export function leastLoaded(nodes: readonly NodeRecord[], intent: ClientIntent): NodeRecord | undefined {
  for (const role of rolesFor(intent)) {
    const candidates = nodes.filter((node) => node.role === role).sort(byLoad);
    if (candidates.length > 0) return candidates[0];
  }
  return undefined;
}

/** `http://host:port` → `ws://host:port/{app}/websocket` (https → wss). */
export function websocketUrl(nodeUrl: string, app: string): string {
  return `${nodeUrl.replace(/\/$/, '').replace(/^http/, 'ws')}/${app}/websocket`;
}
