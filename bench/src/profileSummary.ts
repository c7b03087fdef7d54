/**
 * What a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector
 * writes it) says the time went to: self time per function and per area of
 * the code (werift, our SRTP, the relay, node:crypto, dgram, GC...).
 * Native work (OpenSSL, the sendmsg syscall) is charged to the JS function
 * that called it, so node:crypto's and dgram's rows include it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  /** Profiled wall time, ms. */
  wallMs: number;
  /** Share of the wall time the thread was busy (not idle), %. */
  busyPercent: number;
  /** Share of busy time per area, %, largest first. */
  areas: Array<{ area: string; percent: number }>;
  /** The functions with the most self time, % of busy time. */
  top: Array<{ function: string; where: string; percent: number }>;
}

/** Which part of the system a frame belongs to, from its script URL and name. */
export function areaOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'native / V8 (unattributed)';
  if (/node_modules\/werift\/lib\/(ice|common)\//.test(url)) return 'werift ICE + UDP transport';
  if (/node_modules\/werift\/lib\/(rtp\/src\/srtp|dtls)\//.test(url)) return 'werift SRTP/DTLS';
  if (/node_modules\/werift\//.test(url)) return 'werift (other)';
  if (/server\/src\/streams\/srtp/.test(url)) return 'our SRTP';
  if (/server\/src\/relay\//.test(url)) return 'relay (down-tracks, interceptors)';
  if (/server\/src\//.test(url)) return 'server (other)';
  if (/bench\/src\//.test(url)) return 'bench probe';
  if (/internal\/crypto|node:crypto/.test(url)) return 'node:crypto (incl. OpenSSL)';
  if (/dgram|udp/.test(url)) return 'dgram send (incl. syscall)';
  if (/node:internal\/(process\/task_queues|timers)|node:timers/.test(url)) return 'timers + microtasks';
  if (/node_modules\//.test(url)) return 'other dependencies';
  if (url.startsWith('node:') || url === '') return 'node internals';
  return 'other';
}

export function summarizeProfile(profile: CpuProfile, topCount = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // Self time per node: from samples and their time deltas when present, else hit counts.
  const selfUs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const delta = profile.timeDeltas[i + 1] ?? 0;
      selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + Math.max(0, delta));
    }
  } else {
    const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
    for (const node of profile.nodes) selfUs.set(node.id, ((node.hitCount ?? 0) / hits) * (profile.endTime - profile.startTime));
  }
  const wallUs = profile.endTime - profile.startTime;
  let idleUs = 0;
  const areas = new Map<string, number>();
  const functions = new Map<string, { function: string; where: string; us: number }>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const area = areaOf(functionName, url);
    if (area === 'idle') {
      idleUs += us;
      continue;
    }
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = url ? `${url.replace(/^.*\/(node_modules|server|bench)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = functions.get(key) ?? { function: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const busyUs = Math.max(1, wallUs - idleUs);
  const percent = (us: number): number => Math.round((1000 * us) / busyUs) / 10;
  return {
    wallMs: Math.round(wallUs / 1000),
    busyPercent: Math.round((1000 * busyUs) / Math.max(1, wallUs)) / 10,
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, percent: percent(us) })),
    top: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topCount)
      .map((f) => ({ function: f.function, where: f.where, percent: percent(f.us) })),
  };
}

export function summarizeProfileFile(file: string): ProfileSummary {
  return summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
}
