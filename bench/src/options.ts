/** The bench's command line: `npm run bench [-- --smoke] [--paths own,werift] [--ladder 10,50,...] ...`. */
import type { EgressSrtp } from '../../server/src/streams/egressSrtp.js';

/** One server configuration a ladder measures: its egress SRTP path and its viewer worker threads. */
export interface BenchSetup {
  path: EgressSrtp;
  /** 0 = viewers on the main thread (relay.viewerWorkers). */
  workers: number;
}

export interface BenchOptions {
  smoke: boolean;
  /** Origin + 2 edges against one node alone (clusterBench.ts) instead of the egress ladders. */
  cluster: boolean;
  /** Server setups to measure, each in its own server process (`--paths` × `--workers`). */
  setups: BenchSetup[];
  /** Viewer counts, in order; a path's ladder stops at the first step under `passPercent`. */
  ladder: number[];
  /** Length of each measurement window. */
  seconds: number;
  /** Delivery that passes a step, %. */
  passPercent: number;
  /** Viewer counts at which an extra window is profiled (V8 CPU profile of the server). */
  profileAt: number[];
  /** Packets per floor variant. */
  floorPackets: number;
  /** The publisher's pacer: how much faster than 2.5 Mbps it drains a keyframe burst (Chrome: 2.5; 1 = no bursts). */
  pacingFactor: number;
  /** Extra Node flags for the server process (e.g. `--trace-gc`, `--max-semi-space-size=64`). */
  serverFlags: string[];
  /** Viewers joining at once. */
  joinConcurrency: number;
  /** The whole run ends by then, whatever is left (seconds). */
  budgetSeconds: number;
  /** Where the Markdown summary goes (full runs only); empty = nowhere. */
  resultsFile: string;
}

const FULL: BenchOptions = {
  smoke: false,
  cluster: false,
  // Our SRTP on the main thread, then on one and on two viewer workers (issue 6: two carry ≥ 1.6× one);
  // werift's SRTP is measured with `--paths own,werift --workers 0`.
  setups: [{ path: 'own', workers: 0 }, { path: 'own', workers: 1 }, { path: 'own', workers: 2 }],
  ladder: [10, 50, 100, 150, 175, 200, 250, 300, 350, 400],
  seconds: 10,
  passPercent: 99.9,
  profileAt: [100, 150],
  floorPackets: 60_000,
  pacingFactor: 2.5,
  serverFlags: [],
  joinConcurrency: 4,
  budgetSeconds: 1800,
  resultsFile: 'bench/RESULTS.md',
};

/** A few seconds, so `npm test` proves the bench still runs and delivers. */
const SMOKE: BenchOptions = {
  ...FULL,
  smoke: true,
  setups: [{ path: 'own', workers: 0 }, { path: 'werift', workers: 0 }, { path: 'own', workers: 2 }],
  ladder: [5],
  seconds: 3,
  profileAt: [],
  floorPackets: 2000,
  budgetSeconds: 150,
  resultsFile: '',
};

/**
 * Cluster mode: two setups, each a ladder in 5 s windows, within 8 minutes in all (the joins of a
 * few hundred werift viewers take most of it). Not part of the smoke: it needs redis-server.
 */
const CLUSTER: BenchOptions = {
  ...FULL,
  cluster: true,
  ladder: [20, 50, 100, 150, 200, 250, 300],
  seconds: 5,
  profileAt: [],
  budgetSeconds: 480,
  resultsFile: '',
};

const numbers = (text: string): number[] => text.split(',').map((v) => Number(v.trim())).filter((n) => Number.isFinite(n) && n > 0);

export function parseOptions(argv: string[]): BenchOptions {
  const options = { ...(argv.includes('--smoke') ? SMOKE : argv.includes('--cluster') ? CLUSTER : FULL) };
  let pathsFlag: EgressSrtp[] | undefined;
  let workersFlag: number[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new TypeError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--smoke':
      case '--cluster':
        break;
      case '--paths': {
        const paths = value().split(',');
        if (!paths.every((p): p is EgressSrtp => p === 'own' || p === 'werift')) throw new TypeError('--paths takes own and/or werift');
        pathsFlag = paths;
        break;
      }
      case '--workers':
        workersFlag = value().split(',').map(Number);
        if (!workersFlag.every((n) => Number.isInteger(n) && n >= 0 && n <= 64)) throw new TypeError('--workers takes counts of viewer worker threads, e.g. 0,1,2');
        break;
      case '--ladder':
        options.ladder = numbers(value());
        break;
      case '--seconds':
        options.seconds = Number(value());
        break;
      case '--profile-at':
        options.profileAt = numbers(value());
        break;
      case '--floor-packets':
        options.floorPackets = Number(value());
        break;
      case '--pacing':
        options.pacingFactor = Number(value());
        break;
      case '--server-flags':
        options.serverFlags = value().split(/\s+/).filter(Boolean);
        break;
      case '--budget':
        options.budgetSeconds = Number(value());
        break;
      case '--results':
        options.resultsFile = value();
        break;
      default:
        throw new TypeError(`unknown option ${flag} (see bench/RESULTS.md "How to run")`);
    }
  }
  if (!(options.seconds > 0) || options.ladder.length === 0) throw new TypeError('--seconds and --ladder need positive numbers');
  if (pathsFlag || workersFlag) {
    const chosenPaths = pathsFlag ?? [...new Set(options.setups.map((setup) => setup.path))];
    const chosenWorkers = workersFlag ?? [...new Set(options.setups.map((setup) => setup.workers))];
    options.setups = chosenPaths.flatMap((path) => chosenWorkers.map((count) => ({ path, workers: count })));
  }
  return options;
}
