/**
 * How loud one audio track is, for sound meters: the RMS of its latest
 * samples, 0 (silence) to 1 (full scale). Built on a Web Audio AnalyserNode
 * fed by a clone of the track, so muting the original (`enabled = false`, what
 * LocalMedia does) does not silence the meter: "you are speaking while muted"
 * needs exactly that.
 */
import { RelayError } from '../core/errors.js';

export interface SoundMeter {
  /** The level now, 0-1. */
  level(): number;
  stop(): void;
}

export type SoundMeterFactory = (track: MediaStreamTrack) => SoundMeter;

type AudioContextClass = new () => AudioContext;

export const webAudioSoundMeter: SoundMeterFactory = (track) => {
  const host = globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  const Context = host.AudioContext ?? host.webkitAudioContext;
  if (!Context) throw new RelayError('NOT_SUPPORTED', 'This browser has no Web Audio API, so no sound meter');
  const context = new Context();
  // A context made without a user gesture may start suspended (autoplay policy): it would read silence.
  void context.resume().catch(() => undefined);
  const own = track.clone();
  // A clone keeps the original's `enabled`: a meter of a muted microphone must still hear it.
  own.enabled = true;
  const source = context.createMediaStreamSource(new MediaStream([own]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  // Bytes, not floats: getFloatTimeDomainData is missing before Safari 14.1.
  const samples = new Uint8Array(analyser.fftSize);
  return {
    level() {
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += ((sample - 128) / 128) ** 2;
      return Math.min(1, Math.sqrt(sum / samples.length));
    },
    stop() {
      source.disconnect();
      own.stop();
      void context.close().catch(() => undefined);
    },
  };
};
