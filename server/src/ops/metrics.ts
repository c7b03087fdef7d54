/**
 * Prometheus metrics of one server (prom-client), read at `/metrics`. No
 * label carries a stream id: cardinality stays fixed however many streams
 * come and go (per-stream figures are in the REST API).
 *
 * relayrtc_websocket_connections, relayrtc_websocket_connections_total,
 * relayrtc_websocket_refused_total{reason}, relayrtc_streams{state},
 * relayrtc_viewers, relayrtc_rooms, relayrtc_room_players,
 * relayrtc_worker_viewers{worker}, relayrtc_worker_streams{worker},
 * relayrtc_peer_connections,
 * relayrtc_signaling_commands_total{command}, relayrtc_signaling_errors_total{definition},
 * relayrtc_ingest_packets_total{kind}, relayrtc_ingest_bytes_total{kind},
 * relayrtc_egress_packets_total{kind}, relayrtc_egress_bytes_total{kind},
 * relayrtc_keyframes_received_total, relayrtc_nacks_received_total,
 * relayrtc_retransmitted_packets_total, relayrtc_keyframe_requests_received_total{type},
 * relayrtc_layer_switches_total, relayrtc_draining, plus the process's
 * (processMetrics.ts: nodejs_eventloop_lag_seconds and others).
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { ErrorDefinitionValue } from 'relayrtc/protocol';
import type { TimerHandle } from '../relay/clock.js';
import type { SignalingObserver, UpgradeRefusal } from '../signaling/observer.js';
import type { ServerContext } from '../signaling/context.js';
import { processMetricsRegistry } from './processMetrics.js';
import { TrafficTotals } from './trafficTotals.js';

/** How often relay counters are sampled between scrapes (a departing viewer loses at most this much of its count). */
const SAMPLE_INTERVAL_MS = 1000;

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A counter whose value is read from a monotonic total at scrape time. */
function totalCounter(registry: Registry, name: string, help: string, labelNames: string[], read: (labels: Record<string, string>) => number, labelSets: Array<Record<string, string>>): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const labels of labelSets) this.inc(labels, read(labels));
    },
  });
}

export class ServerMetrics implements SignalingObserver {
  readonly registry = new Registry();
  readonly traffic = new TrafficTotals();
  private readonly sockets: Gauge;
  private readonly connections: Counter;
  private readonly refused: Counter;
  private readonly errors: Counter;
  private readonly commands: Counter;
  private sampler: TimerHandle | undefined;
  private ctx: ServerContext | undefined;

  constructor() {
    const registers = [this.registry];
    this.sockets = new Gauge({ name: 'relayrtc_websocket_connections', help: 'Open signaling WebSockets', registers });
    this.connections = new Counter({ name: 'relayrtc_websocket_connections_total', help: 'Signaling WebSockets accepted', registers });
    this.refused = new Counter({ name: 'relayrtc_websocket_refused_total', help: 'WebSocket upgrades refused, by reason', labelNames: ['reason'], registers });
    this.errors = new Counter({ name: 'relayrtc_signaling_errors_total', help: 'error messages sent to clients, by definition', labelNames: ['definition'], registers });
    this.commands = new Counter({ name: 'relayrtc_signaling_commands_total', help: 'Valid commands received, by command', labelNames: ['command'], registers });
  }

  /** Connects the gauges and relay counters to a running server's state. */
  bind(ctx: ServerContext): void {
    this.ctx = ctx;
    const registers = [this.registry];
    const streams = () => ctx.registry.all();
    new Gauge({
      name: 'relayrtc_streams',
      help: 'Streams on this server, by state (preparing: publish accepted, no media yet)',
      labelNames: ['state'],
      registers,
      collect() {
        const all = streams();
        this.set({ state: 'preparing' }, all.filter((s) => s.state === 'preparing').length);
        this.set({ state: 'broadcasting' }, all.filter((s) => s.isLive).length);
      },
    });
    new Gauge({
      name: 'relayrtc_viewers',
      help: 'Players of all streams (play sessions)',
      registers,
      collect() {
        this.set(streams().reduce((sum, s) => sum + s.players.size, 0));
      },
    });
    new Gauge({
      name: 'relayrtc_rooms',
      help: 'Conference rooms with someone in or playing them',
      registers,
      collect() {
        this.set(ctx.registry.rooms.size);
      },
    });
    new Gauge({
      name: 'relayrtc_room_players',
      help: 'Plays of conference rooms (one per participant or viewer receiving a room)',
      registers,
      collect() {
        this.set(ctx.registry.rooms.all().reduce((sum, room) => sum + room.players.size, 0));
      },
    });
    new Gauge({
      name: 'relayrtc_worker_viewers',
      help: 'Viewers held by each viewer worker thread (--viewer-workers)',
      labelNames: ['worker'],
      registers,
      collect() {
        ctx.viewerWorkers?.viewerCounts.forEach((viewers, worker) => this.set({ worker: String(worker) }, viewers));
      },
    });
    new Gauge({
      name: 'relayrtc_worker_streams',
      help: 'Streams fed to each viewer worker thread (those its viewers play)',
      labelNames: ['worker'],
      registers,
      collect() {
        ctx.viewerWorkers?.streamCounts.forEach((streams, worker) => this.set({ worker: String(worker) }, streams));
      },
    });
    new Gauge({
      name: 'relayrtc_peer_connections',
      help: "The server's open WebRTC peer connections",
      registers,
      collect() {
        this.set(ctx.peers.openCount);
      },
    });
    new Gauge({
      name: 'relayrtc_draining',
      help: '1 while the server shuts down (server_will_stop sent, new sessions refused)',
      registers,
      collect() {
        this.set(ctx.state.draining ? 1 : 0);
      },
    });
    new Gauge({
      name: 'relayrtc_admission_refusing',
      help: '1 while new publishes and plays get highResourceUsage (event-loop delay or CPU at the admission limits)',
      registers,
      collect() {
        this.set(ctx.load.overload() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'relayrtc_admission_load',
      help: 'What admission control judges over its window: event-loop delay (ms, mean of p99s) and process CPU (% of all cores)',
      labelNames: ['figure'],
      registers,
      collect() {
        const figures = ctx.load.figures();
        this.set({ figure: 'event_loop_lag_ms' }, figures.eventLoopLagMs);
        this.set({ figure: 'cpu_percent' }, figures.cpuPercent);
      },
    });
    const kinds = [{ kind: 'audio' }, { kind: 'video' }];
    const t = this.traffic.totals;
    totalCounter(this.registry, 'relayrtc_ingest_packets_total', 'RTP packets received from publishers', ['kind'], (l) => t.ingest[l.kind as 'audio'].packets, kinds);
    totalCounter(this.registry, 'relayrtc_ingest_bytes_total', 'RTP bytes received from publishers', ['kind'], (l) => t.ingest[l.kind as 'audio'].bytes, kinds);
    totalCounter(this.registry, 'relayrtc_egress_packets_total', 'RTP packets sent to viewers (first transmissions)', ['kind'], (l) => t.egress[l.kind as 'audio'].packets, kinds);
    totalCounter(this.registry, 'relayrtc_egress_bytes_total', 'RTP bytes sent to viewers (first transmissions)', ['kind'], (l) => t.egress[l.kind as 'audio'].bytes, kinds);
    totalCounter(this.registry, 'relayrtc_keyframes_received_total', 'Video keyframes received from publishers', [], () => t.keyframesReceived, [{}]);
    totalCounter(this.registry, 'relayrtc_nacks_received_total', 'Generic NACKs received from viewers (RFC 4585 §6.2.1)', [], () => t.nacksReceived, [{}]);
    totalCounter(this.registry, 'relayrtc_retransmitted_packets_total', 'Packets resent to viewers in answer to NACKs', [], () => t.packetsRetransmitted, [{}]);
    totalCounter(
      this.registry,
      'relayrtc_keyframe_requests_received_total',
      'Keyframe requests from viewers: PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1)',
      ['type'],
      (l) => (l.type === 'pli' ? t.plisReceived : t.firsReceived),
      [{ type: 'pli' }, { type: 'fir' }],
    );
    totalCounter(this.registry, 'relayrtc_layer_switches_total', 'Simulcast layer switches completed for viewers', [], () => t.layerSwitches, [{}]);
    // A finished stream's counts are taken before its relay is freed.
    ctx.registry.onStreamStarted((stream) => stream.onFinish(() => this.traffic.sample([stream])));
    this.sampler = ctx.clock.every(SAMPLE_INTERVAL_MS, () => this.sample());
  }

  sample(): void {
    if (this.ctx) this.traffic.sample(this.ctx.registry.all());
  }

  /** The exposition text: this server's metrics and the process's. */
  async text(): Promise<string> {
    this.sample();
    return Registry.merge([processMetricsRegistry(), this.registry]).metrics();
  }

  close(): void {
    this.sampler?.cancel();
  }

  // SignalingObserver
  socketOpened(): void {
    this.sockets.inc();
    this.connections.inc();
  }
  socketClosed(): void {
    this.sockets.dec();
  }
  upgradeRefused(reason: UpgradeRefusal): void {
    this.refused.inc({ reason });
  }
  errorSent(definition: ErrorDefinitionValue): void {
    this.errors.inc({ definition });
  }
  commandReceived(command: string): void {
    this.commands.inc({ command });
  }
}
