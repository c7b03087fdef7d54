/**
 * A viewer worker thread's entry (started through viewerWorker.mjs): one
 * ViewerHost, driven by the main thread's messages. A module named in
 * `tapModule` (the benchmark's probe) is loaded first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RelayServerConfig } from '../config.js';
import { systemClock } from '../relay/clock.js';
import type { FromWorker, ToWorker } from './messages.js';
import { ViewerHost } from './viewerHost.js';

export interface ViewerWorkerData {
  config: RelayServerConfig;
  /** Imported before the host starts (bench/: the fan-out probe on each worker's egress tap). */
  tapModule?: string;
}

const port = parentPort;
if (!port) throw new Error('viewerWorker.ts runs as a worker thread');
const { config, tapModule } = workerData as ViewerWorkerData;
if (tapModule) await import(tapModule);
const host = new ViewerHost(config, systemClock, (message: FromWorker) => port.postMessage(message));
port.on('message', (message: ToWorker) => host.handle(message));
