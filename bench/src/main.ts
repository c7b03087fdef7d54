/**
 * `npm run bench`: one werift publisher (synthetic 2.5 Mbps VP8) → a RelayRTC
 * server (its own process) → N werift viewers (another process), over
 * loopback only (bench/run.sh enters a network namespace with just `lo`). For
 * each egress SRTP path and each N of the ladder it measures one window and
 * prints the figures as JSON, with the Node floor measured in the same run;
 * a full run also writes bench/RESULTS.md. `--smoke` (N=5 for 3 s) only
 * checks that it ran and delivered.
 */
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Child } from './ipc.js';
import { runLadder, setupName, type PathResult } from './ladder.js';
import { cpuShares, describeMachine, readCpuTimes } from './machine.js';
import { parseOptions, type BenchOptions } from './options.js';
import { runClusterComparison } from './clusterBench.js';
import { renderResults, writeResultsSection, type BenchReport } from './results.js';
import { round } from './stats.js';
import { PACKETS_PER_SECOND, PAYLOAD_BYTES } from './syntheticVideo.js';

const HERE = new URL('.', import.meta.url).pathname;
const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

async function measureFloor(packets: number): Promise<Omit<BenchReport['floor'], 'before' | 'after'>> {
  // The sink: another process's socket, as a viewer's would be; it only counts.
  const sink = createSocket('udp4');
  let received = 0;
  sink.on('message', () => received++);
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  const floor = Child.start('floor', join(HERE, 'floorMain.ts'));
  try {
    const perProfile = await floor.call<BenchReport['floor']['usPerPacket']>('run', { port: sink.address().port, packets, profiles: ['AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80'] }, 300_000);
    for (const row of Object.values(perProfile)) for (const key of Object.keys(row) as Array<keyof typeof row>) row[key] = round(row[key], 2);
    return { usPerPacket: perProfile, packetsPerVariant: packets, sinkReceived: received };
  } finally {
    await floor.stop();
    sink.close();
  }
}

/** The mean of the floor before and after the ladders, with both kept. */
function combineFloors(before: Omit<BenchReport['floor'], 'before' | 'after'>, after: Omit<BenchReport['floor'], 'before' | 'after'>): BenchReport['floor'] {
  const usPerPacket: BenchReport['floor']['usPerPacket'] = {};
  for (const [profile, row] of Object.entries(before.usPerPacket)) {
    const later = after.usPerPacket[profile] ?? row;
    usPerPacket[profile] = Object.fromEntries(Object.entries(row).map(([variant, us]) => [variant, round((us + later[variant as keyof typeof row]) / 2, 2)])) as typeof row;
  }
  return { usPerPacket, packetsPerVariant: before.packetsPerVariant, sinkReceived: before.sinkReceived + after.sinkReceived, before: before.usPerPacket, after: after.usPerPacket };
}

const PROFILE_NAMES: Record<number, string> = { 1: 'AES_CM_128_HMAC_SHA1_80', 7: 'AEAD_AES_128_GCM' };

function summarize(paths: PathResult[], floor: BenchReport['floor']): BenchReport['summary'] {
  return paths.map((path) => {
    const passing = path.steps.filter((s) => s.viewers === path.maxViewersPassing).at(-1);
    const headline = passing ?? path.steps[0];
    const profile = PROFILE_NAMES[headline?.srtpProfileId ?? 7] ?? 'AEAD_AES_128_GCM';
    const floorUs = floor.usPerPacket[profile]?.floor ?? Number.NaN;
    return {
      egressSrtp: path.egressSrtp,
      viewerWorkers: path.viewerWorkers,
      srtpProfile: profile,
      maxViewersPassing: path.maxViewersPassing,
      atViewers: headline?.viewers ?? 0,
      cpuUsPerPacket: headline?.cpuUsPerPacket ?? Number.NaN,
      floorUsPerPacket: floorUs,
      ratioToFloor: round((headline?.cpuUsPerPacket ?? Number.NaN) / floorUs, 2),
      fanoutP99Ms: headline?.fanoutMs.p99 ?? Number.NaN,
      deliveredPercent: headline?.deliveredPercent ?? Number.NaN,
      stoppedBecause: path.stoppedBecause,
    };
  });
}

/** Smoke: it ran, every viewer got packets, and the SRTP the viewers decrypted was right. */
function smokeProblems(paths: PathResult[]): string[] {
  const problems: string[] = [];
  for (const path of paths) {
    const step = path.steps[0];
    if (!step) {
      problems.push(`${setupName(path)}: no window measured (${path.stoppedBecause})`);
      continue;
    }
    if (step.worstViewerPercent <= 0) problems.push(`${setupName(path)}: a viewer received nothing in the window`);
    if (step.viewersProcess.decrypted === 0) problems.push(`${setupName(path)}: no packet decrypted at the viewers`);
    if (step.viewersProcess.mismatches > 0) problems.push(`${setupName(path)}: ${step.viewersProcess.mismatches} decrypted packets disagreed with their header`);
  }
  return problems;
}

/** `--cluster`: origin + 2 edges against one node, on this machine; the JSON on stdout, a summary on stderr. */
async function mainCluster(options: BenchOptions, deadline: number): Promise<number> {
  log(`cluster run: ladder ${options.ladder.join(', ')}; ${options.seconds} s windows; load average ${describeMachine().loadAverage.join(' ')}`);
  const comparison = await runClusterComparison(options, deadline, log);
  process.stdout.write(`${JSON.stringify({ benchmark: 'RelayRTC cluster: viewers of one 2.5 Mbps stream, one node vs origin + 2 edges, same machine', machine: describeMachine(), ...comparison }, null, 2)}\n`);
  for (const setup of [comparison.single, comparison.cluster]) {
    log(`${setup.setup}: ${setup.maxViewersPassing} viewers at >= ${comparison.passPercent}% (${setup.stoppedBecause})`);
  }
  return comparison.single.steps.length > 0 && comparison.cluster.steps.length > 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const deadline = Date.now() + options.budgetSeconds * 1000;
  if (options.cluster) return mainCluster(options, deadline);
  const machine = describeMachine();
  const cpuAtStart = readCpuTimes();
  log(`${options.smoke ? 'smoke' : 'full'} run: setups ${options.setups.map((s) => setupName({ egressSrtp: s.path, viewerWorkers: s.workers })).join(', ')}; ladder ${options.ladder.join(', ')}; ${options.seconds} s windows; pacing ${options.pacingFactor}×; load average ${machine.loadAverage.join(' ')}`);

  log(`floor: ${options.floorPackets} packets per variant`);
  const floorBefore = await measureFloor(options.floorPackets);
  const paths: PathResult[] = [];
  for (const setup of options.setups) {
    if (Date.now() > deadline) break;
    paths.push(await runLadder(setup, options, deadline, log));
  }
  // Again at the end: this machine's speed drifts (shared host), and the ratio should not depend on when.
  log('floor again, after the ladders');
  const floor = combineFloors(floorBefore, await measureFloor(options.floorPackets));

  const report: BenchReport = {
    benchmark: 'RelayRTC fan-out: 1 publisher (2.5 Mbps VP8) → server → N viewers over loopback',
    mode: options.smoke ? 'smoke' : 'full',
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    machine: { ...machine, loadAverageAtEnd: describeMachine().loadAverage, overRun: cpuShares(cpuAtStart, readCpuTimes()) },
    stream: { bitrateMbps: 2.5, packetsPerSecond: PACKETS_PER_SECOND, payloadBytes: PAYLOAD_BYTES, keyframeEverySeconds: 2, framesPerSecond: 30, pacingFactor: options.pacingFactor },
    floor,
    paths,
    summary: summarize(paths, floor),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

  if (options.smoke) {
    const problems = smokeProblems(paths);
    for (const problem of problems) log(`smoke FAILED: ${problem}`);
    if (problems.length === 0) log('smoke ok: it ran, every viewer received packets, and decrypted ones matched');
    return problems.length === 0 ? 0 : 1;
  }
  if (options.resultsFile) {
    writeResultsSection(options.resultsFile, renderResults(report));
    writeFileSync(options.resultsFile.replace(/\.md$/, '.json'), `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${options.resultsFile} and its .json`);
  }
  return paths.length > 0 && paths.every((p) => p.steps.length > 0) ? 0 : 1;
}

// A hard stop whatever happens: the budget plus a margin for closing.
const options = parseOptions(process.argv.slice(2));
const watchdog = setTimeout(() => {
  log(`watchdog: over ${options.budgetSeconds + 120} s, exiting`);
  process.exit(2);
}, (options.budgetSeconds + 120) * 1000);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
