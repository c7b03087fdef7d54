/**
 * Ends a live publish whose media stopped: a publisher whose network vanished
 * keeps its socket (or its socket lingers until TCP notices), and without this
 * its players would wait for ICE consent to expire (~30 s) before hearing
 * `play_finished`. Ant Media's equivalent is dropWebRTCIngestIfNoPacketReceived
 * with `noPacketReceivedForTimeoutDuration`.
 */
import { ErrorDefinition, errorMessage } from 'relayrtc/protocol';
import type { TimerHandle } from '../relay/clock.js';
import type { LiveStream } from '../streams/liveStream.js';
import type { ServerContext } from './context.js';
import type { SignalingSession } from './signalingSession.js';

interface Seen {
  packets: number;
  changedAt: number;
}

export class IngestWatchdog {
  private readonly seen = new WeakMap<LiveStream, Seen>();
  private readonly timer: TimerHandle | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly sessions: ReadonlySet<SignalingSession>,
  ) {
    const idleMs = ctx.config.limits.ingestIdleTimeoutMs;
    // Checked a few times per limit, so a silent publisher ends within ~1.25× the limit.
    if (idleMs > 0) this.timer = ctx.clock.every(Math.max(50, Math.min(1000, Math.floor(idleMs / 4))), () => this.check());
  }

  close(): void {
    this.timer?.cancel();
  }

  /** Looks at every live stream once; public for tests. */
  check(): void {
    const now = this.ctx.clock.now();
    const limit = this.ctx.config.limits.ingestIdleTimeoutMs;
    for (const stream of this.ctx.registry.all()) {
      // A data-only publish sends no RTP at all: only its connection state can end it.
      if (!stream.isLive || stream.kinds.length === 0) continue;
      const packets = stream.relay.sources.reduce((sum, source) => sum + source.packetsReceived, 0);
      const seen = this.seen.get(stream);
      if (!seen || seen.packets !== packets) {
        this.seen.set(stream, { packets, changedAt: now });
      } else if (now - seen.changedAt >= limit) {
        this.end(stream, now - seen.changedAt);
      }
    }
  }

  private end(stream: LiveStream, silentMs: number): void {
    const owner = [...this.sessions].find((session) => session.id === stream.ownerId);
    const publish = owner?.publishes.get(stream.streamId);
    this.ctx.log.info('publisher sent no media: ending the stream', { streamId: stream.streamId, silentMs });
    if (owner && publish?.stream === stream) {
      owner.send(errorMessage(ErrorDefinition.noPacketReceivedForTimeoutDuration, stream.streamId, `no media for ${silentMs} ms`));
      publish.stop();
    } else {
      this.ctx.registry.remove(stream);
    }
  }
}
