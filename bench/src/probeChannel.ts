/** How the server's main thread talks to the fan-out probes in its viewer workers (workerProbe.ts). */
import type { WindowResult } from './fanoutProbe.js';

export const PROBE_CHANNEL = 'relayrtc-bench-probe';

export type ProbeCommand = { type: 'arm'; start: number; end: number } | { type: 'collect'; id: number; timeoutMs: number };
/** `result` undefined: this worker sent none of the window's packets (it holds no viewer). */
export type ProbeAnswer = { type: 'result'; id: number; threadId: number; result: WindowResult | undefined };
