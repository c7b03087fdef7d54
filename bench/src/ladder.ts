/**
 * One egress path's ladder: its own server process, the publisher, the
 * viewers' process, and for each viewer count a measurement window whose
 * figures come from all three.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { EgressSrtp } from '../../server/src/streams/egressSrtp.js';
import type { WindowResult } from './fanoutProbe.js';
import { Child } from './ipc.js';
import { cpuShares, readCpuTimes } from './machine.js';
import type { BenchOptions, BenchSetup } from './options.js';
import { summarizeProfileFile, type ProfileSummary } from './profileSummary.js';
import { BenchPublisher } from './publisher.js';
import { round } from './stats.js';
import { PACKETS_PER_SECOND } from './syntheticVideo.js';

const HERE = new URL('.', import.meta.url).pathname;
/** Windows start this far ahead of the publisher, so every process is armed before the first packet. */
export const LEAD_PACKETS = Math.round(PACKETS_PER_SECOND * 1);
/** After a window's last packet is sent, this long for it to reach every viewer. */
export const DRAIN_PACKETS = Math.round(PACKETS_PER_SECOND * 0.5);
/** After joins, before measuring: the join's keyframes and handshakes settle. */
export const SETTLE_MS = 2000;

interface ViewersResult {
  viewers: number;
  inWindow: number[];
  duplicates: number;
  verified: number;
  mismatches: number;
  endToEndMs: { p50: number; p99: number; samples: number };
  cpuPercent: number;
  eventLoopDelayMs: { p99: number; max: number };
  srtpProfileId?: number;
}

export interface StepResult {
  viewers: number;
  seconds: number;
  /** Server process CPU time / packets it sent to viewers. */
  cpuUsPerPacket: number;
  serverCpuPercent: number;
  packetsPerSecondOut: number;
  /** Packets the viewers received / packets published in the window × viewers. */
  deliveredPercent: number;
  /** Packets the server handed to its transport, same denominator (resends count again, so it can pass 100%). */
  sentPercent: number;
  worstViewerPercent: number;
  fanoutMs: { p50: number; p99: number; max: number; firstViewerP50: number; firstViewerP99: number };
  eventLoopDelayMs: WindowResult['eventLoopDelayMs'];
  rssMb: number;
  rssPerViewerKb: number;
  viewersProcess: { cpuPercent: number; eventLoopDelayP99Ms: number; endToEndP50Ms: number; endToEndP99Ms: number; decrypted: number; mismatches: number; duplicates: number };
  machine: {
    /** All cores, all processes, % (/proc/stat). */
    busyPercent?: number;
    stealPercent?: number;
    /** Other processes than the bench's, % of one core: the noise. */
    othersCpuPercent?: number;
    /** The orchestrator (publisher) process, % of one core. */
    publisherCpuPercent: number;
    loadAverage1m: number;
  };
  /** The server's window began on its first packet and ended on its last (else the CPU and send figures are partial). */
  windowComplete: boolean;
  /** Windows measured at this N and thrown away because other processes loaded the machine. */
  noisyWindowsDiscarded?: number;
  /** Sends whose packet index was lower than the previous send's (resends, replays): 0 in a clean window. */
  indexWentBackwards: number;
  /** The SRTP profile the viewers' DTLS handshakes chose (RFC 5764 §4.1.2 id). */
  srtpProfileId: number | undefined;
  profile?: ProfileSummary & { file: string };
}

export interface PathResult {
  egressSrtp: EgressSrtp;
  /** Viewer worker threads of the server (0 = viewers on its main thread). */
  viewerWorkers: number;
  steps: StepResult[];
  /** Most viewers with delivery at or over the pass mark. */
  maxViewersPassing: number;
  stoppedBecause: string;
  joinFailures: string[];
  publisher: { keyframeRequests: number; maxBacklog: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** e.g. `own/2 workers`, `werift/main thread`. */
export function setupName({ egressSrtp, viewerWorkers }: Pick<PathResult, 'egressSrtp' | 'viewerWorkers'>): string {
  return `${egressSrtp}/${viewerWorkers === 0 ? 'main thread' : `${viewerWorkers} worker${viewerWorkers === 1 ? '' : 's'}`}`;
}

export async function runLadder(setup: BenchSetup, options: BenchOptions, deadline: number, log: (line: string) => void): Promise<PathResult> {
  const { path, workers } = setup;
  const name = setupName({ egressSrtp: path, viewerWorkers: workers });
  const env = { RELAYRTC_EGRESS_SRTP: path, RELAYRTC_VIEWER_WORKERS: String(workers) };
  const server = Child.start(`server(${name})`, join(HERE, 'serverMain.ts'), { env, execArgv: options.serverFlags });
  const viewers = Child.start('viewers', join(HERE, 'viewersMain.ts'));
  let publisher: BenchPublisher | undefined;
  const result: PathResult = { egressSrtp: path, viewerWorkers: workers, steps: [], maxViewersPassing: 0, stoppedBecause: 'ladder done', joinFailures: [], publisher: { keyframeRequests: 0, maxBacklog: 0 } };
  try {
    const info = await server.call<{ url: string; egressSrtp: string }>('info', {}, 60_000);
    if (info.egressSrtp !== path) throw new Error(`server runs ${info.egressSrtp}, asked for ${path}`);
    const streamId = `bench_${path}_${workers}`;
    publisher = await BenchPublisher.start(info.url, streamId, options.pacingFactor);
    await sleep(1000);
    const baseRss = await server.call<number>('rss');

    for (const target of options.ladder) {
      const stepSeconds = options.seconds + 2 + SETTLE_MS / 1000 + target * 0.1 + (options.profileAt.includes(target) && workers === 0 ? options.seconds : 0);
      if (Date.now() + stepSeconds * 1000 > deadline) {
        result.stoppedBecause = `time budget (${options.budgetSeconds} s) left no room for ${target} viewers`;
        break;
      }
      log(`[${name}] joining viewers up to ${target}`);
      const joined = await viewers.call<{ viewers: number; failures: string[] }>(
        'add',
        { url: info.url, streamId, total: target, concurrency: options.joinConcurrency, timeoutMs: 20_000 },
        60_000 + target * 2000,
      );
      result.joinFailures.push(...joined.failures);
      if (joined.viewers < target) {
        result.stoppedBecause = `only ${joined.viewers} of ${target} viewers could join (${joined.failures[0] ?? 'no reason given'})`;
        break;
      }
      await sleep(SETTLE_MS);
      // The smoke only checks that it runs and delivers: a noisy machine is no reason to measure again.
      const retries = options.smoke ? 0 : NOISY_RETRIES;
      const step = await quietestWindow({ server, viewers, publisher, target, seconds: options.seconds, baseRss }, retries, deadline, log);
      result.steps.push(step);
      log(`[${name}] ${target} viewers: ${step.deliveredPercent}% delivered, ${step.cpuUsPerPacket} µs/packet, fan-out p99 ${step.fanoutMs.p99} ms, server CPU ${step.serverCpuPercent}%, viewers CPU ${step.viewersProcess.cpuPercent}%, other processes ${step.machine.othersCpuPercent ?? '?'}% of a core`);
      // The profiler sees the server's main thread: with viewer workers, not the fan-out.
      if (options.profileAt.includes(target) && workers === 0) {
        const file = join(HERE, '..', 'profiles', `server-${path}-${target}.cpuprofile`);
        const profiled = await measureWindow({ server, viewers, publisher, target, seconds: options.seconds, baseRss, profileTo: file });
        step.profile = { ...summarizeProfileFile(file), file: `bench/profiles/server-${path}-${target}.cpuprofile` };
        log(`[${name}] profiled window at ${target} viewers (${profiled.cpuUsPerPacket} µs/packet with the profiler on): ${step.profile.areas.slice(0, 4).map((a) => `${a.area} ${a.percent}%`).join(', ')}`);
      }
      if (step.deliveredPercent >= options.passPercent) {
        result.maxViewersPassing = target;
      } else {
        result.stoppedBecause = `delivery ${step.deliveredPercent}% < ${options.passPercent}% at ${target} viewers`;
        break;
      }
    }
    result.publisher = { keyframeRequests: publisher.keyframeRequests, maxBacklog: publisher.maxBacklog };
    return result;
  } finally {
    await publisher?.close().catch(() => undefined);
    await viewers.stop(10_000);
    await server.stop(10_000);
  }
}

/** Above this, other processes' CPU (% of one core) makes a window noise rather than a measurement. */
const NOISY_OTHERS_PERCENT = 20;
const NOISY_RETRIES = 2;

/**
 * A window, measured again (up to `retries` times, time allowing) while
 * other processes took more than NOISY_OTHERS_PERCENT of a core: the
 * machine is shared. Keeps the quietest, and says how many were thrown away.
 */
async function quietestWindow(context: WindowContext, retries: number, deadline: number, log: (line: string) => void): Promise<StepResult> {
  let best = await measureWindow(context);
  for (let retry = 1; retry <= retries; retry++) {
    const noise = best.machine.othersCpuPercent ?? 0;
    if (noise <= NOISY_OTHERS_PERCENT || Date.now() + (context.seconds + 10) * 1000 > deadline) break;
    log(`[${context.target} viewers] other processes took ${noise}% of a core: measuring again`);
    await sleep(5000);
    const again = await measureWindow(context);
    again.noisyWindowsDiscarded = retry;
    if ((again.machine.othersCpuPercent ?? 0) < noise) best = again;
    else best.noisyWindowsDiscarded = retry;
  }
  return best;
}

interface WindowContext {
  server: Child;
  viewers: Child;
  publisher: BenchPublisher;
  target: number;
  seconds: number;
  baseRss: number;
  profileTo?: string;
}

async function measureWindow({ server, viewers, publisher, target, seconds, baseRss, profileTo }: WindowContext): Promise<StepResult> {
  const start = publisher.nextIndex + LEAD_PACKETS;
  const end = start + Math.round(seconds * PACKETS_PER_SECOND);
  await server.call('arm', { start, end, ...(profileTo ? { profileTo } : {}) });
  await viewers.call('window', { start, end });
  const cpuBefore = readCpuTimes();
  const ownBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  await publisher.waitForIndex(end + DRAIN_PACKETS, (seconds + 5) * 1000);
  const shares = cpuShares(cpuBefore, readCpuTimes());
  const own = process.cpuUsage(ownBefore);
  const publisherCpuPercent = (100 * (own.user + own.system)) / (Number(process.hrtime.bigint() - wallBefore) / 1000);
  const fanout = await server.call<WindowResult>('collect', { timeoutMs: 10_000 }, 30_000);
  const seen = await viewers.call<ViewersResult>('result', {}, 30_000);

  const expected = (end - start) * target;
  const serverCpuPercent = (fanout.cpuUs / 1000 / fanout.wallMs) * 100;
  // What the rest of the machine took meanwhile, in % of one core: the noise in these figures.
  const othersCpuPercent = shares ? (shares.busyPercent * cpus().length) - serverCpuPercent - seen.cpuPercent - publisherCpuPercent : undefined;
  const received = seen.inWindow.reduce((sum, n) => sum + n, 0);
  const perViewer = end - start;
  return {
    viewers: target,
    seconds,
    cpuUsPerPacket: round(fanout.cpuUs / Math.max(1, fanout.sends), 1),
    serverCpuPercent: round(serverCpuPercent, 1),
    packetsPerSecondOut: Math.round((fanout.sends / fanout.wallMs) * 1000),
    deliveredPercent: round((100 * received) / expected, 3),
    sentPercent: round((100 * fanout.sends) / expected, 3),
    worstViewerPercent: round((100 * Math.min(...seen.inWindow)) / perViewer, 2),
    fanoutMs: { p50: fanout.lastSendMs.p50, p99: fanout.lastSendMs.p99, max: fanout.lastSendMs.max, firstViewerP50: fanout.firstSendMs.p50, firstViewerP99: fanout.firstSendMs.p99 },
    eventLoopDelayMs: fanout.eventLoopDelayMs,
    rssMb: round(fanout.rssBytes / 2 ** 20, 1),
    rssPerViewerKb: Math.round((fanout.rssBytes - baseRss) / target / 1024),
    viewersProcess: {
      cpuPercent: seen.cpuPercent,
      eventLoopDelayP99Ms: seen.eventLoopDelayMs.p99,
      endToEndP50Ms: seen.endToEndMs.p50,
      endToEndP99Ms: seen.endToEndMs.p99,
      decrypted: seen.verified,
      mismatches: seen.mismatches,
      duplicates: seen.duplicates,
    },
    machine: { ...shares, othersCpuPercent: othersCpuPercent === undefined ? undefined : Math.max(0, Math.round(othersCpuPercent)), publisherCpuPercent: round(publisherCpuPercent, 1), loadAverage1m: round(loadavg()[0]!, 2) },
    windowComplete: fanout.complete && !fanout.armedLate,
    indexWentBackwards: fanout.backwards,
    srtpProfileId: seen.srtpProfileId,
  };
}
