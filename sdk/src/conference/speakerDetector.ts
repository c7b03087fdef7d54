/**
 * The active speaker, from what we hear: every participant's received audio
 * level (inbound-rtp `audioLevel`, 0..1, measured by the browser on the
 * decoded audio; W3C webrtc-stats §7.6), sampled while someone listens. The
 * loudest above a threshold speaks; after a quiet spell nobody does. Works
 * whether or not the server caps video (its slot order keeps tiles in place,
 * so it does not say who speaks).
 */
import type { Scheduler, TimerHandle } from '../core/scheduler.js';

/** Levels below this are background noise or silence (about -26 dBov). */
const SPEAKING_LEVEL = 0.05;
const SAMPLE_MS = 500;
/** Quiet samples before the speaker is cleared. */
const QUIET_SAMPLES = 3;

export interface SpeakerSource {
  wanted(): boolean;
  report(): Promise<RTCStatsReport> | undefined;
  /** Participant id of a received audio track id. */
  owner(trackId: string): string | undefined;
  changed(speaker: string | null): void;
}

export class SpeakerDetector {
  private timer: TimerHandle | undefined;
  private speaker: string | null = null;
  private quiet = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly source: SpeakerSource,
  ) {}

  start(): void {
    if (this.timer === undefined) this.timer = this.scheduler.setInterval(() => void this.tick(), SAMPLE_MS);
  }

  stop(): void {
    if (this.timer !== undefined) this.scheduler.clearInterval(this.timer);
    this.timer = undefined;
    this.set(null);
  }

  private async tick(): Promise<void> {
    const pending = this.source.wanted() ? this.source.report() : undefined;
    if (!pending) return;
    const report = await pending.catch(() => undefined);
    if (!report || this.timer === undefined) return;
    let loudest: string | null = null;
    let level = SPEAKING_LEVEL;
    report.forEach((s: { type: string; kind?: string; trackIdentifier?: string; audioLevel?: number }) => {
      if (s.type !== 'inbound-rtp' || s.kind !== 'audio' || !s.trackIdentifier || !(typeof s.audioLevel === 'number' && s.audioLevel >= level)) return;
      const owner = this.source.owner(s.trackIdentifier);
      if (owner === undefined) return;
      loudest = owner;
      level = s.audioLevel;
    });
    if (loudest !== null) {
      this.quiet = 0;
      this.set(loudest);
    } else if (++this.quiet >= QUIET_SAMPLES) {
      this.set(null);
    }
  }

  private set(speaker: string | null): void {
    if (speaker === this.speaker) return;
    this.speaker = speaker;
    this.source.changed(speaker);
  }
}
