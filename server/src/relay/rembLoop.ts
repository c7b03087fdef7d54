/**
 * Periodic REMB toward a publisher. Without transport-cc on the ingest leg
 * (werift's receive-side TWCC never runs, DESIGN.md bug 1) Chrome's send
 * estimate stays at 300 kbps unless a receiver reports a higher ceiling.
 */
import type { Clock, TimerHandle } from './clock.js';
import type { UpstreamFeedback } from './egress.js';
import { buildRemb } from './rtcp.js';

export interface RembLoopOptions {
  clock: Clock;
  intervalMs: number;
  bitrate: number;
  senderSsrc: number;
  /** The publisher's media SSRCs known so far. */
  mediaSsrcs: () => number[];
}

export function startRembLoop(upstream: UpstreamFeedback, options: RembLoopOptions): TimerHandle {
  return options.clock.every(options.intervalMs, () => {
    const ssrcs = options.mediaSsrcs();
    if (ssrcs.length > 0) upstream.sendRtcp(buildRemb(options.senderSsrc, options.bitrate, ssrcs));
  });
}
