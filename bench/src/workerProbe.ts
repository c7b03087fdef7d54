/**
 * Loaded into each of the server's viewer workers (RelayServerDeps.viewerWorkerTap):
 * a fan-out probe on that worker's egress tap, armed and collected by the
 * server process's main thread over a BroadcastChannel (probeChannel.ts).
 * Loaded for its effect: import it nowhere else.
 */
import { BroadcastChannel, threadId } from 'node:worker_threads';
import { egressTap } from '../../server/src/streams/egressTap.js';
import { FanoutProbe, type WindowResult } from './fanoutProbe.js';
import { PROBE_CHANNEL, type ProbeAnswer, type ProbeCommand } from './probeChannel.js';

const probe = new FanoutProbe();
egressTap.rtpSent = (packet) => probe.sent(packet);

const channel = new BroadcastChannel(PROBE_CHANNEL);
channel.unref();
channel.onmessage = (event) => {
  const command = (event as { data: ProbeCommand }).data;
  if (command.type === 'arm') return probe.arm(command.start, command.end);
  if (command.type !== 'collect') return;
  const answer = (result: WindowResult | undefined): void => channel.postMessage({ type: 'result', id: command.id, threadId, result } satisfies ProbeAnswer);
  if (!probe.begun) return answer(undefined);
  probe.collect(command.timeoutMs).then(answer, () => answer(undefined));
};
