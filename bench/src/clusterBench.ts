/**
 * `npm run bench -- --cluster`: how many viewers of one 2.5 Mbps stream a
 * cluster of one origin and two edges carries at ≥ the pass mark, against one
 * node alone, on the same machine. Each setup gets its own processes: the
 * node(s) (serverMain.ts; the cluster's on a throwaway redis-server), the
 * publisher (here), and two viewer processes (viewersMain.ts) that join half
 * the viewers each: both to the one node, or one to each edge. Delivery is
 * counted at the viewers over a window of the publisher's packets, as in the
 * fan-out ladder; the nodes' own CPU is not probed (three processes).
 */
import { join } from 'node:path';
import { CLUSTER_SECRET, RedisProcess } from '../../server/test/helpers/clusterProcesses.js';
import { Child } from './ipc.js';
import { DRAIN_PACKETS, LEAD_PACKETS, SETTLE_MS } from './ladder.js';
import { cpuShares, readCpuTimes } from './machine.js';
import type { BenchOptions } from './options.js';
import { BenchPublisher } from './publisher.js';
import { round } from './stats.js';
import { PACKETS_PER_SECOND } from './syntheticVideo.js';

const HERE = new URL('.', import.meta.url).pathname;

export interface ClusterStep {
  viewers: number;
  deliveredPercent: number;
  worstViewerPercent: number;
  /** All cores, all processes (/proc/stat), over the window. */
  machineBusyPercent: number | undefined;
}

export interface SetupResult {
  setup: 'single node' | 'origin + 2 edges';
  steps: ClusterStep[];
  maxViewersPassing: number;
  stoppedBecause: string;
}

export interface ClusterComparison {
  passPercent: number;
  seconds: number;
  single: SetupResult;
  cluster: SetupResult;
}

interface ViewersResult {
  inWindow: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function startNode(name: string, env: NodeJS.ProcessEnv): Child {
  return Child.start(name, join(HERE, 'serverMain.ts'), { env });
}

function clusterEnv(redisUrl: string, role: 'origin' | 'edge', nodeId: string): NodeJS.ProcessEnv {
  return { RELAYRTC_CLUSTER_REDIS: redisUrl, RELAYRTC_CLUSTER_ROLE: role, RELAYRTC_CLUSTER_SECRET: CLUSTER_SECRET, RELAYRTC_CLUSTER_NODE_ID: nodeId };
}

/** One window: every viewer process counts the publisher's packets [start, end). */
async function measure(publisher: BenchPublisher, viewerProcesses: Child[], total: number, seconds: number): Promise<ClusterStep> {
  const start = publisher.nextIndex + LEAD_PACKETS;
  const end = start + Math.round(seconds * PACKETS_PER_SECOND);
  await Promise.all(viewerProcesses.map((viewers) => viewers.call('window', { start, end })));
  const before = readCpuTimes();
  await publisher.waitForIndex(end + DRAIN_PACKETS, (seconds + 5) * 1000);
  const shares = cpuShares(before, readCpuTimes());
  const counts = (await Promise.all(viewerProcesses.map((viewers) => viewers.call<ViewersResult>('result', {}, 30_000)))).flatMap((r) => r.inWindow);
  const perViewer = end - start;
  return {
    viewers: total,
    deliveredPercent: round((100 * counts.reduce((sum, n) => sum + n, 0)) / (perViewer * total), 3),
    worstViewerPercent: round((100 * Math.min(...counts)) / perViewer, 2),
    machineBusyPercent: shares ? round(shares.busyPercent, 1) : undefined,
  };
}

/** The ladder for one setup: viewers split evenly over `viewerUrls`, until delivery falls under the pass mark. */
async function ladder(
  setup: SetupResult['setup'],
  publishUrl: string,
  viewerUrls: [string, string],
  options: BenchOptions,
  deadline: number,
  log: (line: string) => void,
): Promise<SetupResult> {
  const result: SetupResult = { setup, steps: [], maxViewersPassing: 0, stoppedBecause: 'ladder done' };
  const viewerProcesses = [Child.start('viewers-a', join(HERE, 'viewersMain.ts')), Child.start('viewers-b', join(HERE, 'viewersMain.ts'))];
  const streamId = `bench_cluster_${setup === 'single node' ? 'single' : 'cluster'}`;
  const publisher = await BenchPublisher.start(publishUrl, streamId, options.pacingFactor);
  try {
    await sleep(1000);
    for (const total of options.ladder) {
      if (Date.now() + (options.seconds + 5 + total * 0.1) * 1000 > deadline) {
        result.stoppedBecause = `time budget left no room for ${total} viewers`;
        break;
      }
      log(`[${setup}] joining viewers up to ${total}`);
      const half = [Math.ceil(total / 2), Math.floor(total / 2)];
      const joined = await Promise.all(
        viewerProcesses.map((viewers, i) =>
          viewers.call<{ viewers: number; failures: string[] }>('add', { url: viewerUrls[i], streamId, total: half[i], concurrency: options.joinConcurrency, timeoutMs: 20_000 }, 60_000 + total * 2000),
        ),
      );
      const count = joined.reduce((sum, j) => sum + j.viewers, 0);
      if (count < total) {
        result.stoppedBecause = `only ${count} of ${total} viewers could join (${joined.flatMap((j) => j.failures)[0] ?? 'no reason given'})`;
        break;
      }
      await sleep(SETTLE_MS);
      const step = await measure(publisher, viewerProcesses, total, options.seconds);
      result.steps.push(step);
      log(`[${setup}] ${total} viewers: ${step.deliveredPercent}% delivered (worst viewer ${step.worstViewerPercent}%), machine ${step.machineBusyPercent ?? '?'}% busy`);
      if (step.deliveredPercent < options.passPercent) {
        result.stoppedBecause = `delivery ${step.deliveredPercent}% < ${options.passPercent}% at ${total} viewers`;
        break;
      }
      result.maxViewersPassing = total;
    }
    return result;
  } finally {
    await publisher.close().catch(() => undefined);
    await Promise.all(viewerProcesses.map((viewers) => viewers.stop(10_000)));
  }
}

const urlOf = async (node: Child): Promise<string> => (await node.call<{ url: string }>('info', {}, 60_000)).url;

export async function runClusterComparison(options: BenchOptions, deadline: number, log: (line: string) => void): Promise<ClusterComparison> {
  // Half the time each, so the second setup is measured too.
  const halfway = Date.now() + (deadline - Date.now()) / 2;
  const single = startNode('node', {});
  let singleResult: SetupResult;
  try {
    const url = await urlOf(single);
    singleResult = await ladder('single node', url, [url, url], options, halfway, log);
  } finally {
    await single.stop(10_000);
  }

  const redis = await RedisProcess.startOnFreePort();
  const nodes = [startNode('origin', clusterEnv(redis.url, 'origin', 'origin')), startNode('edge-a', clusterEnv(redis.url, 'edge', 'edge-a')), startNode('edge-b', clusterEnv(redis.url, 'edge', 'edge-b'))];
  try {
    const [origin, edgeA, edgeB] = await Promise.all(nodes.map(urlOf));
    // The edges find the origin's stream once the origin's first heartbeat has registered it.
    await sleep(2500);
    const clusterResult = await ladder('origin + 2 edges', origin!, [edgeA!, edgeB!], options, deadline, log);
    return { passPercent: options.passPercent, seconds: options.seconds, single: singleResult, cluster: clusterResult };
  } finally {
    await Promise.all(nodes.map((node) => node.stop(10_000)));
    await redis.kill();
  }
}
