/**
 * The WebRTCAdaptor's sound meters (antmedia-protocol.md §5 "Audio levels"):
 * the local microphone's level to a callback, `speaking_but_muted` while the
 * muted microphone hears speech, and remote streams' levels for
 * `getSoundLevelList` → `gotSoundList`.
 */
import type { Scheduler, TimerHandle } from '../core/scheduler.js';
import type { SoundMeter, SoundMeterFactory } from '../media/soundMeter.js';

/** Ant Media's threshold and rhythm for speaking_but_muted: a level above 0.1, checked every 200 ms. */
export const SPEAKING_LEVEL = 0.1;
export const MUTED_SPEECH_CHECK_MS = 200;

interface Watch {
  meter: SoundMeter;
  timer: TimerHandle;
}

export class AudioLevels {
  private local: Watch | undefined;
  private mutedSpeech: Watch | undefined;
  private readonly remote: Record<string, SoundMeter> = {};

  constructor(
    private readonly scheduler: Scheduler,
    private readonly meterFor: SoundMeterFactory,
    private readonly callback: (info: string, obj?: unknown) => void,
  ) {}

  /** `onLevel(level)` every `periodMs` with the microphone's level (0-1), until disableLocal(). */
  enableLocal(track: MediaStreamTrack, onLevel: (level: number) => void, periodMs: number): void {
    this.disableLocal();
    this.local = this.watch(track, periodMs, (meter) => onLevel(meter.level()));
  }

  disableLocal(): void {
    this.local = this.unwatch(this.local);
  }

  /** `speaking_but_muted` whenever `muted()` and the microphone hears more than SPEAKING_LEVEL. */
  enableMutedSpeech(track: MediaStreamTrack, muted: () => boolean): void {
    this.disableMutedSpeech();
    this.mutedSpeech = this.watch(track, MUTED_SPEECH_CHECK_MS, (meter) => {
      if (muted() && meter.level() > SPEAKING_LEVEL) this.callback('speaking_but_muted');
    });
  }

  disableMutedSpeech(): void {
    this.mutedSpeech = this.unwatch(this.mutedSpeech);
  }

  /** Meters `track` as `streamId`'s level for soundLevels(). */
  enableRemote(streamId: string, track: MediaStreamTrack): void {
    this.remote[streamId]?.stop();
    this.remote[streamId] = this.meterFor(track);
  }

  /** Each metered stream's level as Ant Media gives it: a string with two decimals, keyed by streamId. */
  soundLevels(streamIds: readonly string[]): Record<string, string> {
    const levels: Record<string, string> = {};
    for (const id of streamIds) {
      const meter = this.remote[id];
      if (meter) levels[id] = meter.level().toFixed(2);
    }
    return levels;
  }

  stopAll(): void {
    this.disableLocal();
    this.disableMutedSpeech();
    for (const id of Object.keys(this.remote)) {
      this.remote[id]!.stop();
      delete this.remote[id];
    }
  }

  private watch(track: MediaStreamTrack, periodMs: number, tick: (meter: SoundMeter) => void): Watch {
    const meter = this.meterFor(track);
    return { meter, timer: this.scheduler.setInterval(() => tick(meter), periodMs) };
  }

  private unwatch(watch: Watch | undefined): undefined {
    if (watch) {
      this.scheduler.clearInterval(watch.timer);
      watch.meter.stop();
    }
    return undefined;
  }
}
