/**
 * The machine the figures were taken on: cores, CPU model, load average and
 * the CPU time stolen by the hypervisor (/proc/stat, Linux), because on a
 * shared 2-core machine the figures mean little without them.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface CpuTimes {
  /** All jiffies (user+nice+system+idle+iowait+irq+softirq+steal). */
  total: number;
  idle: number;
  steal: number;
}

/** The aggregate `cpu` line of /proc/stat (proc(5)); undefined off Linux. */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, steal };
}

export function readCpuTimes(): CpuTimes | undefined {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** Between two snapshots: the machine's busy and stolen shares, in %. */
export function cpuShares(before: CpuTimes | undefined, after: CpuTimes | undefined): { busyPercent: number; stealPercent: number } | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  const total = after.total - before.total;
  return {
    busyPercent: Math.round((1000 * (total - (after.idle - before.idle))) / total) / 10,
    stealPercent: Math.round((1000 * (after.steal - before.steal)) / total) / 10,
  };
}

export function describeMachine(): { cores: number; cpuModel: string; memoryGb: number; node: string; loadAverage: number[] } {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
