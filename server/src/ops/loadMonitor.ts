/**
 * Whether the server is too loaded to take a new publish or play: the event
 * loop's delay or the process's CPU over a sliding window, against the
 * configured limits. A new viewer on a saturated loop would degrade every
 * viewer already there, so it is refused with `highResourceUsage` instead
 * (Ant Media refuses on CPU above server.cpu_limit the same way).
 */
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock, TimerHandle } from '../relay/clock.js';
import type { LoadProbe, LoadSlice } from './loadProbe.js';

/** Slices per window: the window moves by a fifth at a time, so a spike ages out within windowMs. */
export const SLICES_PER_WINDOW = 5;

export interface Overload {
  reason: 'eventLoopLag' | 'cpu';
  /** The window's figure: ms of event-loop delay, or % of all cores. */
  value: number;
  limit: number;
}

export interface LoadFigures {
  /** Mean of the slices' p99 event-loop delay, ms. */
  eventLoopLagMs: number;
  /** Process CPU over the window as a share of all cores, %. */
  cpuPercent: number;
}

interface TimedSlice extends LoadSlice {
  wallMs: number;
}

export class LoadMonitor {
  private readonly slices: TimedSlice[] = [];
  private readonly timer: TimerHandle;
  private readonly sliceMs: number;
  private last: number;
  private overloaded = false;

  constructor(
    private readonly limits: RelayServerConfig['admission'],
    private readonly probe: LoadProbe,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {
    this.last = clock.now();
    this.sliceMs = Math.max(1, Math.round(limits.windowMs / SLICES_PER_WINDOW));
    this.timer = clock.every(this.sliceMs, () => this.sample());
  }

  /**
   * The figures over a whole window. Until the window has filled (a server
   * just started), the slices not yet measured count as idle: one slow first
   * second (module loading, the first DTLS certificate) is not sustained load.
   */
  figures(): LoadFigures {
    let lag = 0;
    let cpuMicros = 0;
    let wallMs = 0;
    for (const slice of this.slices) {
      lag += slice.lagP99Ms;
      cpuMicros += slice.cpuMicros;
      wallMs += slice.wallMs;
    }
    wallMs = Math.max(wallMs, this.limits.windowMs);
    const cpuPercent = wallMs > 0 ? (cpuMicros / 1000 / wallMs / this.probe.cores) * 100 : 0;
    return { eventLoopLagMs: lag / SLICES_PER_WINDOW, cpuPercent };
  }

  /**
   * The limit crossed, or undefined when a new peer may come. A limit of -1 is
   * off; 0 refuses every new peer (a figure is never below 0).
   */
  overload(): Overload | undefined {
    const { maxEventLoopLagMs, maxCpuPercent } = this.limits;
    const { eventLoopLagMs, cpuPercent } = this.figures();
    if (maxEventLoopLagMs >= 0 && eventLoopLagMs >= maxEventLoopLagMs) return { reason: 'eventLoopLag', value: eventLoopLagMs, limit: maxEventLoopLagMs };
    if (maxCpuPercent >= 0 && cpuPercent >= maxCpuPercent) return { reason: 'cpu', value: cpuPercent, limit: maxCpuPercent };
    return undefined;
  }

  close(): void {
    this.timer.cancel();
    this.probe.close();
  }

  private sample(): void {
    const now = this.clock.now();
    const wallMs = now - this.last;
    const { lagP99Ms, cpuMicros } = this.probe.take();
    // This timer's own lateness is a delay the loop had too. It counts a stall the probe can miss:
    // Node's delay histogram does not measure the interval its reset falls in, and after a stall
    // this timer may run (and reset it) before the histogram's own timer has recorded the stall.
    this.slices.push({ lagP99Ms: Math.max(lagP99Ms, wallMs - this.sliceMs), cpuMicros, wallMs });
    this.last = now;
    if (this.slices.length > SLICES_PER_WINDOW) this.slices.shift();
    const overload = this.overload();
    if (Boolean(overload) !== this.overloaded) {
      this.overloaded = Boolean(overload);
      if (overload) this.log?.warn('overloaded: new publishes and plays get highResourceUsage', { ...overload });
      else this.log?.info('load back under the limits: admitting new publishes and plays', { ...this.figures() });
    }
  }
}

/**
 * The `information` of a highResourceUsage refusal: which figure crossed which limit. The definition
 * (and the SDK's sentence for it) already says the server is overloaded, so this does not repeat it.
 */
export function describeOverload(overload: Overload, windowMs: number): string {
  const what = overload.reason === 'cpu' ? `CPU ${overload.value.toFixed(0)}% of all cores` : `event-loop delay ${overload.value.toFixed(0)} ms`;
  const unit = overload.reason === 'cpu' ? '%' : ' ms';
  return `${what} over the last ${windowMs / 1000} s, limit ${overload.limit}${unit}; try again later or another server`;
}
