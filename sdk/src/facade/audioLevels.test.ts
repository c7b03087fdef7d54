import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SoundMeter } from '../media/soundMeter.js';
import { FakeScheduler } from '../testing/FakeScheduler.js';
import { AudioLevels, MUTED_SPEECH_CHECK_MS } from './audioLevels.js';

/** Meters whose level the test sets, one per track id, recording whether they were stopped. */
function fakeMeters() {
  const meters: Record<string, SoundMeter & { value: number; stopped: boolean }> = {};
  const factory = (track: MediaStreamTrack) => {
    const meter = { value: 0, stopped: false, level: () => meter.value, stop: () => void (meter.stopped = true) };
    meters[track.id] = meter;
    return meter;
  };
  return { meters, factory };
}

const track = (id: string) => ({ id, kind: 'audio' }) as MediaStreamTrack;

function setup() {
  const scheduler = new FakeScheduler();
  const { meters, factory } = fakeMeters();
  const events: Array<[string, unknown]> = [];
  const levels = new AudioLevels(scheduler, factory, (info, obj) => events.push([info, obj]));
  return { scheduler, meters, events, levels };
}

describe('AudioLevels', () => {
  it('reports the local level every period until disabled, then stops its meter', () => {
    const { scheduler, meters, levels } = setup();
    const seen: number[] = [];
    levels.enableLocal(track('mic'), (level) => seen.push(level), 100);
    meters.mic!.value = 0.25;
    scheduler.advance(300);
    assert.deepEqual(seen, [0.25, 0.25, 0.25]);
    levels.disableLocal();
    scheduler.advance(300);
    assert.equal(seen.length, 3);
    assert.ok(meters.mic!.stopped);
  });

  it("says 'speaking_but_muted' only while muted and louder than 0.1", () => {
    const { scheduler, meters, events, levels } = setup();
    let muted = false;
    levels.enableMutedSpeech(track('mic'), () => muted);
    meters.mic!.value = 0.5;
    scheduler.advance(MUTED_SPEECH_CHECK_MS);
    assert.deepEqual(events, [], 'speaking, not muted');
    muted = true;
    meters.mic!.value = 0.05;
    scheduler.advance(MUTED_SPEECH_CHECK_MS);
    assert.deepEqual(events, [], 'muted, silent');
    meters.mic!.value = 0.3;
    scheduler.advance(MUTED_SPEECH_CHECK_MS);
    assert.deepEqual(events, [['speaking_but_muted', undefined]]);
  });

  it("gives remote levels as Ant Media's two-decimal strings, for the metered streams asked for", () => {
    const { meters, levels } = setup();
    levels.enableRemote('s1', track('a1'));
    levels.enableRemote('s2', track('a2'));
    meters.a1!.value = 0.4234;
    meters.a2!.value = 0;
    assert.deepEqual(levels.soundLevels(['s1', 's2', 'unknown']), { s1: '0.42', s2: '0.00' });
  });

  it('stopAll stops every meter and timer', () => {
    const { scheduler, meters, levels } = setup();
    levels.enableLocal(track('mic'), () => undefined, 100);
    levels.enableMutedSpeech(track('mic2'), () => true);
    levels.enableRemote('s1', track('a1'));
    levels.stopAll();
    assert.ok(meters.mic!.stopped && meters.mic2!.stopped && meters.a1!.stopped);
    assert.deepEqual(levels.soundLevels(['s1']), {});
    scheduler.advance(1000);
  });
});
