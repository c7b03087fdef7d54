import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { DownTrack } from './downTrack.js';
import { KeyframeCache } from './keyframeCache.js';
import { buildRtp, RecordingEgress, vp8Delta, vp8Keyframe } from './testing/packets.js';
import { SourceTrack } from './sourceTrack.js';
import { downTrackOptions, FIRST_SEQUENCE_NUMBER, VP8 } from './testing/relay.js';

function cachingSource(clock: FakeClock): SourceTrack {
  return new SourceTrack('cached', VP8, { clock, keyframeRequestIntervalMs: 300, requestKeyframe: () => undefined, keyframeCachePackets: 100 });
}

describe('KeyframeCache', () => {
  it('holds the packets since the latest keyframe while it is recent', () => {
    const clock = new FakeClock();
    const cache = new KeyframeCache<string>(clock, 10);
    cache.add('before', false);
    cache.add('k1', true);
    cache.add('d1', false);
    assert.deepEqual(cache.recent(500), ['k1', 'd1']);
    cache.add('k2', true);
    assert.deepEqual(cache.recent(500), ['k2']);
    clock.advance(501);
    assert.equal(cache.recent(500), undefined, 'too old');
  });

  it('drops a group that outgrows its bound instead of keeping a part of it', () => {
    const cache = new KeyframeCache<number>(new FakeClock(), 3);
    cache.add(1, true);
    cache.add(2, false);
    cache.add(3, false);
    cache.add(4, false);
    assert.equal(cache.recent(1000), undefined);
    cache.add(5, false);
    assert.equal(cache.recent(1000), undefined, 'nothing until the next keyframe');
    cache.add(6, true);
    assert.deepEqual(cache.recent(1000), [6]);
  });
});

describe('a viewer joining just after a keyframe', () => {
  it('starts at once from the cached keyframe, then continues live with no gap', () => {
    const clock = new FakeClock();
    const sourceWithCache = cachingSource(clock);
    sourceWithCache.pushRtp(buildRtp({ sequenceNumber: 1, timestamp: 0, payload: vp8Keyframe() }));
    sourceWithCache.pushRtp(buildRtp({ sequenceNumber: 2, timestamp: 3000, payload: vp8Delta() }));
    clock.advance(200);

    const egress = new RecordingEgress();
    new DownTrack(sourceWithCache, egress, downTrackOptions(clock, { keyframeReplayMs: 1000 }));
    assert.deepEqual(egress.sequenceNumbers, [FIRST_SEQUENCE_NUMBER, FIRST_SEQUENCE_NUMBER + 1], 'the cached keyframe and its delta are sent at once');

    sourceWithCache.pushRtp(buildRtp({ sequenceNumber: 3, timestamp: 6000, payload: vp8Delta() }));
    assert.deepEqual(egress.sequenceNumbers.at(-1), FIRST_SEQUENCE_NUMBER + 2);
  });

  it('waits for a fresh keyframe when the cached one is too old', () => {
    const clock = new FakeClock();
    const source = cachingSource(clock);
    source.pushRtp(buildRtp({ sequenceNumber: 1, timestamp: 0, payload: vp8Keyframe() }));
    clock.advance(1500);
    const egress = new RecordingEgress();
    new DownTrack(source, egress, downTrackOptions(clock, { keyframeReplayMs: 1000 }));
    assert.equal(egress.rtp.length, 0);
  });
});
