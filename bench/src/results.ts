/**
 * The bench's report: its JSON shape, and the Markdown section a full run
 * writes into bench/RESULTS.md between two markers (the analysis around them,
 * written by people, is kept).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { PathResult } from './ladder.js';
import type { describeMachine } from './machine.js';

type Variant = 'crypto' | 'send' | 'floor' | 'ours';

export interface BenchReport {
  benchmark: string;
  mode: 'full' | 'smoke';
  date: string;
  durationSeconds: number;
  machine: ReturnType<typeof describeMachine> & { loadAverageAtEnd: number[]; overRun: { busyPercent: number; stealPercent: number } | undefined };
  stream: { bitrateMbps: number; packetsPerSecond: number; payloadBytes: number; keyframeEverySeconds: number; framesPerSecond: number; pacingFactor: number };
  floor: {
    /** The mean of the two measurements below. */
    usPerPacket: Record<string, Record<Variant, number>>;
    /** Before the ladders and after them: the machine's speed drifts. */
    before: Record<string, Record<Variant, number>>;
    after: Record<string, Record<Variant, number>>;
    packetsPerVariant: number;
    sinkReceived: number;
  };
  paths: PathResult[];
  summary: Array<{
    egressSrtp: string;
    viewerWorkers: number;
    srtpProfile: string;
    maxViewersPassing: number;
    atViewers: number;
    cpuUsPerPacket: number;
    floorUsPerPacket: number;
    ratioToFloor: number;
    fanoutP99Ms: number;
    deliveredPercent: number;
    stoppedBecause: string;
  }>;
}

export const BEGIN = '<!-- bench:begin (written by npm run bench; edit outside the markers) -->';
export const END = '<!-- bench:end -->';

const PATH_NAMES: Record<string, string> = { own: 'fast path (our SRTP)', werift: 'slow path (werift SRTP)' };

function setupTitle({ egressSrtp, viewerWorkers }: { egressSrtp: string; viewerWorkers: number }): string {
  const where = viewerWorkers === 0 ? 'viewers on the main thread' : `${viewerWorkers} viewer worker${viewerWorkers === 1 ? '' : 's'}`;
  return `${PATH_NAMES[egressSrtp] ?? egressSrtp}, ${where}`;
}

/** Issue 6's scaling check: viewers carried by two workers over one, per egress path measured both ways. */
function workerScaling(summary: BenchReport['summary']): string[] {
  const lines: string[] = [];
  for (const path of new Set(summary.map((s) => s.egressSrtp))) {
    const one = summary.find((s) => s.egressSrtp === path && s.viewerWorkers === 1);
    const two = summary.find((s) => s.egressSrtp === path && s.viewerWorkers === 2);
    if (!one || !two || one.maxViewersPassing === 0) continue;
    const ratio = Math.round((100 * two.maxViewersPassing) / one.maxViewersPassing) / 100;
    lines.push(`Two workers carry ${two.maxViewersPassing} viewers at ≥ 99.9%, one worker ${one.maxViewersPassing}: ${ratio}× (${PATH_NAMES[path] ?? path}; the target is ≥ 1.6×).`);
  }
  return lines;
}

export function renderResults(report: BenchReport): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(`### Run of ${report.date.slice(0, 16).replace('T', ' ')} UTC (${report.durationSeconds} s)`);
  lines.push('');
  lines.push(
    `Machine: ${m.cores} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}. Load average ${m.loadAverage.join(' / ')} at the start, ${m.loadAverageAtEnd.join(' / ')} at the end; ` +
      (m.overRun ? `over the run the machine was ${m.overRun.busyPercent}% busy (all processes) with ${m.overRun.stealPercent}% steal.` : 'no /proc/stat.'),
  );
  lines.push('');
  const st = report.stream;
  lines.push(`Stream: ${st.bitrateMbps} Mbps VP8, ${st.packetsPerSecond} packets/s of ${st.payloadBytes}-byte payloads, ${st.framesPerSecond} frames/s, a keyframe every ${st.keyframeEverySeconds} s, paced at ${st.pacingFactor}× the media rate.`);
  lines.push('');
  lines.push('| setup | SRTP | max viewers ≥ 99.9% | at N | µs CPU / packet | floor µs / packet | ratio | fan-out p99 | delivered | stopped because |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const s of report.summary) {
    lines.push(
      `| ${setupTitle(s)} | ${s.srtpProfile} | ${s.maxViewersPassing} | ${s.atViewers} | ${s.cpuUsPerPacket} | ${s.floorUsPerPacket} | ${s.ratioToFloor}× | ${s.fanoutP99Ms} ms | ${s.deliveredPercent}% | ${s.stoppedBecause} |`,
    );
  }
  const scaling = workerScaling(report.summary);
  if (scaling.length > 0) lines.push('', ...scaling);
  lines.push('');
  lines.push('Floor (same run, its own process, measured before and after the ladders; CPU µs per 1012-byte packet, mean and [before, after]):');
  lines.push('');
  lines.push('| profile | node:crypto protect | UDP send | floor (both) | our SrtpProtector + send |');
  lines.push('|---|---|---|---|---|');
  for (const [profile, row] of Object.entries(report.floor.usPerPacket)) {
    const cell = (variant: Variant): string => `${row[variant]} [${report.floor.before[profile]?.[variant]}, ${report.floor.after[profile]?.[variant]}]`;
    lines.push(`| ${profile} | ${cell('crypto')} | ${cell('send')} | ${cell('floor')} | ${cell('ours')} |`);
  }
  for (const path of report.paths) {
    lines.push('');
    lines.push(`#### ${setupTitle(path)}: every step`);
    lines.push('');
    lines.push('| N | delivered | sent | worst viewer | µs/packet | server CPU | packets/s out | fan-out p50 / p99 / max | event-loop delay p99 / max | RSS / viewer | viewers proc. CPU | other processes\' CPU | steal | load 1 m |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const s of path.steps) {
      lines.push(
        `| ${s.viewers} | ${s.deliveredPercent}% | ${s.sentPercent}% | ${s.worstViewerPercent}% | ${s.cpuUsPerPacket} | ${s.serverCpuPercent}% | ${s.packetsPerSecondOut} | ${s.fanoutMs.p50} / ${s.fanoutMs.p99} / ${s.fanoutMs.max} ms | ${s.eventLoopDelayMs.p99} / ${s.eventLoopDelayMs.max} ms | ${s.rssPerViewerKb} KB | ${s.viewersProcess.cpuPercent}% | ${s.machine.othersCpuPercent ?? '?'}% | ${s.machine.stealPercent ?? '?'}% | ${s.machine.loadAverage1m} |`,
      );
    }
    for (const s of path.steps.filter((step) => step.profile)) {
      const p = s.profile!;
      lines.push('');
      lines.push(`Profile at ${s.viewers} viewers (\`${p.file}\`, ${p.wallMs} ms, thread ${p.busyPercent}% busy). Busy time by area: ${p.areas.map((a) => `${a.area} ${a.percent}%`).join('; ')}.`);
      lines.push('');
      lines.push(`Inclusive (with all they call): ${p.landmarks.map((l) => `${l.landmark} ${l.percent}%`).join('; ')}.`);
      lines.push('');
      lines.push(`Top functions (self time): ${p.top.slice(0, 8).map((f) => `\`${f.function}\` (${f.where}) ${f.percent}%`).join('; ')}.`);
    }
  }
  return lines.join('\n');
}

/** Replaces the text between the markers in `file` (creating it, or appending the markers, as needed). */
export function writeResultsSection(file: string, section: string): void {
  const block = `${BEGIN}\n${section}\n${END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\n';
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = begin >= 0 && end > begin ? `${current.slice(0, begin)}${block}${current.slice(end + END.length)}` : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
