/**
 * What a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector
 * writes it) says the time went to: self time per area of the code (werift,
 * our SRTP, the relay, node:crypto, dgram, GC...) and per function, and the
 * inclusive time of a few landmarks of the fan-out path. A native frame (the
 * OpenSSL call, the sendmsg syscall) has no script: it counts in the area of
 * the nearest JS caller, so node:crypto's and dgram's rows include them.
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
  /** Share of busy time per area (self time), %, largest first. */
  areas: Array<{ area: string; percent: number }>;
  /** Landmarks of the path, inclusive time (with everything they call), % of busy time. */
  landmarks: Array<{ landmark: string; percent: number }>;
  /** The functions with the most self time, % of busy time. */
  top: Array<{ function: string; where: string; percent: number }>;
}

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'garbage collection',
  '(idle)': 'idle',
  '(program)': 'V8 / native, unattributed',
  '(root)': 'V8 / native, unattributed',
};

/** The part of the system a script belongs to; undefined for a native frame (no script). */
export function areaOfUrl(url: string): string | undefined {
  if (url === '') return undefined;
  // werift 0.25.2 loads as one ESM bundle (lib/index.mjs): one area for all of it.
  if (/node_modules\/werift\//.test(url)) return 'werift (ICE, DTLS, SRTP, RTP)';
  if (/server\/src\/streams\/srtp/.test(url)) return 'our SRTP';
  if (/server\/src\/relay\//.test(url)) return 'relay (down-tracks, interceptors)';
  if (/server\/src\//.test(url)) return 'server (other)';
  if (/bench\/src\//.test(url)) return 'bench probe';
  if (/internal\/crypto|^node:crypto/.test(url)) return 'node:crypto (incl. OpenSSL)';
  if (/dgram|udp/.test(url)) return 'dgram send (incl. syscall)';
  if (/internal\/(process\/task_queues|timers)|^node:timers/.test(url)) return 'timers + microtasks';
  if (/internal\/buffer|^node:buffer/.test(url)) return 'Buffer allocation/copy';
  if (/node_modules\//.test(url)) return 'other dependencies';
  if (url.startsWith('node:')) return 'node internals (other)';
  return 'other';
}

/** Landmarks: inclusive time of the first frame on a stack that matches (nested matches not counted twice). */
const WERIFT = /node_modules\/werift\//;
const LANDMARKS: Array<{ landmark: string; match: (name: string, url: string) => boolean }> = [
  { landmark: 'ingest: werift receive (UDP → ICE → SRTP decrypt → track), with the fan-out it calls', match: (n, u) => n === 'datagramReceived' && WERIFT.test(u) },
  { landmark: 'fan-out: SourceTrack.pushRtp (all viewers, all below it)', match: (n, u) => n === 'pushRtp' && /relay\/sourceTrack/.test(u) },
  { landmark: "relay: writeRewrittenHeader (a viewer's header; the payload is not copied)", match: (n, u) => n === 'writeRewrittenHeader' && /relay\/rtpHeader/.test(u) },
  { landmark: 'relay: interceptors on each sent packet (history, reports)', match: (n, u) => n === 'sent' && /relay\/interceptors/.test(u) },
  { landmark: 'egress: WeriftEgress.sendRtp (synchronous part)', match: (n, u) => n === 'sendRtp' && /streams\/weriftTransport/.test(u) },
  { landmark: 'our SRTP protect', match: (n, u) => n === 'protect' && /streams\/srtpProtector/.test(u) },
  { landmark: "werift RTCDtlsTransport.sendRtp (slow path: encrypt + send)", match: (n, u) => n === 'sendRtp' && WERIFT.test(u) },
  { landmark: "werift SRTP encryptRtp (slow path)", match: (n, u) => n === 'encryptRtp' && WERIFT.test(u) },
  { landmark: 'werift ICE send layers (StunProtocol.sendData and below)', match: (n, u) => n === 'sendData' && WERIFT.test(u) },
  { landmark: 'dgram: the send after its address lookup tick (doSend, incl. syscall)', match: (n, u) => n === 'doSend' && /^node:dgram/.test(u) },
];

function selfTimes(profile: CpuProfile): Map<number, number> {
  const selfUs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    // timeDeltas[i] is the time before sample i: the time a sample stands for is the next delta.
    for (let i = 0; i < profile.samples.length; i++) {
      const us = Math.max(0, profile.timeDeltas[i + 1] ?? 0);
      selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + us);
    }
  } else {
    const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
    for (const node of profile.nodes) selfUs.set(node.id, ((node.hitCount ?? 0) / hits) * (profile.endTime - profile.startTime));
  }
  return selfUs;
}

export function summarizeProfile(profile: CpuProfile, topCount = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = selfTimes(profile);

  const areaOf = (id: number): string => {
    const frame = byId.get(id)!.callFrame;
    const special = SPECIAL[frame.functionName];
    if (special && frame.url === '') return special;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const area = areaOfUrl(byId.get(at)!.callFrame.url);
      if (area) return area;
    }
    return 'V8 / native, unattributed';
  };

  // Inclusive time of every node (self + descendants), children before parents.
  const totalUs = new Map<number, number>();
  const visit = (id: number): number => {
    let total = selfUs.get(id) ?? 0;
    for (const child of byId.get(id)!.children ?? []) total += visit(child);
    totalUs.set(id, total);
    return total;
  };
  const root = profile.nodes.find((node) => !parent.has(node.id));
  if (root) visit(root.id);

  const wallUs = profile.endTime - profile.startTime;
  let idleUs = 0;
  const areas = new Map<string, number>();
  const functions = new Map<string, { function: string; where: string; us: number }>();
  for (const [id, us] of selfUs) {
    const area = areaOf(id);
    if (area === 'idle') {
      idleUs += us;
      continue;
    }
    areas.set(area, (areas.get(area) ?? 0) + us);
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    // tsx-compiled files report line 1 for everything: name the file only.
    const file = url.replace(/^.*\/(node_modules\/[^/]+|server|bench)\//, '$1/');
    const where = !url ? `native, in ${area}` : /\.ts$/.test(url) ? file : `${file}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const entry = functions.get(key) ?? { function: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }

  const landmarkUs = LANDMARKS.map(() => 0);
  const walk = (id: number, inside: boolean[]): void => {
    const { functionName, url } = byId.get(id)!.callFrame;
    const next = inside.slice();
    LANDMARKS.forEach((landmark, i) => {
      if (!inside[i] && landmark.match(functionName, url)) {
        landmarkUs[i]! += totalUs.get(id) ?? 0;
        next[i] = true;
      }
    });
    for (const child of byId.get(id)!.children ?? []) walk(child, next);
  };
  if (root) walk(root.id, LANDMARKS.map(() => false));

  const busyUs = Math.max(1, wallUs - idleUs);
  const percent = (us: number): number => Math.round((1000 * us) / busyUs) / 10;
  return {
    wallMs: Math.round(wallUs / 1000),
    busyPercent: Math.round((1000 * busyUs) / Math.max(1, wallUs)) / 10,
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, percent: percent(us) })),
    landmarks: LANDMARKS.map((l, i) => ({ landmark: l.landmark, percent: percent(landmarkUs[i]!) })).filter((l) => l.percent > 0),
    top: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topCount)
      .map((f) => ({ function: f.function, where: f.where, percent: percent(f.us) })),
  };
}

export function summarizeProfileFile(file: string): ProfileSummary {
  return summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
}
