/**
 * Runs inside the server process, on the egress tap: for the packets of one
 * window of publisher indexes it counts the sends to viewers, and measures
 * the server's CPU time, event-loop delay and each packet's fan-out latency
 * (publisher send → first and → last viewer's send), from the index and send
 * time the synthetic payload carries.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { quantile, round, Samples } from './stats.js';
import { BENCH_FIELDS_OFFSET, BENCH_MAGIC } from './syntheticVideo.js';
import type { RtpParts } from '../../server/src/relay/rtpParts.js';

export interface WindowResult {
  /** The window closed on its own end index (false: cut short by a timeout). */
  complete: boolean;
  /**
   * The first packet after arming was already past the window's start: the
   * arming arrived late (a stalled event loop) or the start was lost at
   * ingest; sends before it were not counted.
   */
  armedLate: boolean;
  sends: number;
  /** Times the index went backwards (a resend, or a replay to a new viewer), which splits a packet's fan-out. */
  backwards: number;
  cpuUs: number;
  wallMs: number;
  firstSendMs: { p50: number; p99: number };
  lastSendMs: { p50: number; p99: number; max: number };
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  rssBytes: number;
}

type State = 'idle' | 'armed' | 'running' | 'done';

export class FanoutProbe {
  private state: State = 'idle';
  private start = 0;
  private end = 0;
  private index = -1;
  private sentAtNs = 0n;
  private firstNs = 0n;
  private lastNs = 0n;
  private sends = 0;
  private backwards = 0;
  private armedLate = false;
  private cpuStart = process.cpuUsage();
  private wallStart = 0n;
  private readonly firstSend = new Samples(1 << 16);
  private readonly lastSend = new Samples(1 << 16);
  private readonly eventLoop = monitorEventLoopDelay({ resolution: 10 });
  private result: WindowResult | undefined;
  private onDone: (() => void) | undefined;
  /** Called when a window starts and ends (the CPU profiler hooks here). */
  hooks: { started?: () => void; finished?: () => void } = {};

  /** Measures the packets of publisher indexes [start, end) from the first send of `start`. */
  arm(start: number, end: number): void {
    this.state = 'armed';
    this.start = start;
    this.end = end;
    this.result = undefined;
  }

  /** Whether the armed window has begun (a viewer worker holding none of the viewers never begins). */
  get begun(): boolean {
    return this.state === 'running' || this.state === 'done';
  }

  /** The egress tap: every RTP packet a viewer egress sent (plain RTP). */
  sent({ head, headerBytes, tail }: RtpParts): void {
    if (this.state !== 'armed' && this.state !== 'running') return;
    const now = process.hrtime.bigint();
    // The fields sit in the payload; the head may carry its first bytes (rtpParts.ts).
    const at = BENCH_FIELDS_OFFSET - (head.length - headerBytes);
    if (at < 0 || tail.length < at + 16 || tail.readUInt32BE(at + 12) !== BENCH_MAGIC) return;
    const index = tail.readUInt32BE(at);
    if (index !== this.index) {
      if (index < this.index && this.state === 'running') this.backwards++;
      this.closePacket();
      this.index = index;
      this.sentAtNs = tail.readBigUInt64BE(at + 4);
      this.firstNs = now;
      if (this.state === 'armed' && index >= this.start) {
        this.armedLate = index > this.start;
        this.begin();
      }
      else if (this.state === 'running' && index >= this.end) return this.finish(true);
    }
    this.lastNs = now;
    if (this.state === 'running' && index >= this.start && index < this.end) this.sends++;
  }

  /** The window's figures once it has closed, or after `timeoutMs` whatever it has. */
  async collect(timeoutMs: number): Promise<WindowResult> {
    if (this.state === 'armed' || this.state === 'running') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.onDone = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (!this.result) this.finish(false);
    }
    if (!this.result) throw new Error('no window was armed');
    return this.result;
  }

  private begin(): void {
    this.state = 'running';
    this.sends = 0;
    this.backwards = 0;
    this.firstSend.clear();
    this.lastSend.clear();
    this.eventLoop.reset();
    this.eventLoop.enable();
    this.hooks.started?.();
    this.cpuStart = process.cpuUsage();
    this.wallStart = process.hrtime.bigint();
  }

  private closePacket(): void {
    if (this.state !== 'running' || this.index < this.start || this.index >= this.end) return;
    this.firstSend.push(Number(this.firstNs - this.sentAtNs) / 1e6);
    this.lastSend.push(Number(this.lastNs - this.sentAtNs) / 1e6);
  }

  private finish(complete: boolean): void {
    const cpu = process.cpuUsage(this.cpuStart);
    const wallMs = Number(process.hrtime.bigint() - this.wallStart) / 1e6;
    this.hooks.finished?.();
    this.eventLoop.disable();
    const first = this.firstSend.values();
    const last = this.lastSend.values();
    this.result = {
      complete,
      armedLate: this.armedLate,
      sends: this.sends,
      backwards: this.backwards,
      cpuUs: cpu.user + cpu.system,
      wallMs: round(wallMs, 1),
      firstSendMs: { p50: round(quantile(first, 0.5)), p99: round(quantile(first, 0.99)) },
      lastSendMs: { p50: round(quantile(last, 0.5)), p99: round(quantile(last, 0.99)), max: round(quantile(last, 1)) },
      eventLoopDelayMs: { p50: round(this.eventLoop.percentile(50) / 1e6), p99: round(this.eventLoop.percentile(99) / 1e6), max: round(this.eventLoop.max / 1e6) },
      rssBytes: process.memoryUsage().rss,
    };
    this.state = 'done';
    this.onDone?.();
    this.onDone = undefined;
  }
}

/**
 * One window as several threads measured it (a server's viewer workers,
 * each with its own probe): sends add up; CPU is the process's (each probe
 * reads it process-wide over nearly the same span, the longest is kept);
 * latency and event-loop delay are the worst thread's, since a packet's
 * fan-out ends with the last worker's last send.
 */
export function mergeWindows(results: WindowResult[]): WindowResult {
  const worst = (pick: (r: WindowResult) => number): number => Math.max(...results.map(pick));
  const best = (pick: (r: WindowResult) => number): number => Math.min(...results.map(pick));
  return {
    complete: results.every((r) => r.complete),
    armedLate: results.some((r) => r.armedLate),
    sends: results.reduce((sum, r) => sum + r.sends, 0),
    backwards: results.reduce((sum, r) => sum + r.backwards, 0),
    cpuUs: worst((r) => r.cpuUs),
    wallMs: worst((r) => r.wallMs),
    firstSendMs: { p50: best((r) => r.firstSendMs.p50), p99: best((r) => r.firstSendMs.p99) },
    lastSendMs: { p50: worst((r) => r.lastSendMs.p50), p99: worst((r) => r.lastSendMs.p99), max: worst((r) => r.lastSendMs.max) },
    eventLoopDelayMs: { p50: worst((r) => r.eventLoopDelayMs.p50), p99: worst((r) => r.eventLoopDelayMs.p99), max: worst((r) => r.eventLoopDelayMs.max) },
    rssBytes: worst((r) => r.rssBytes),
  };
}
