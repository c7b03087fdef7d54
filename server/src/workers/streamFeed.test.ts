/**
 * A stream's feed (main thread) into a worker's mirror, with the thread
 * boundary replaced by a structured clone of each message: what the worker
 * rebuilds is what the publisher sent, batched once per event-loop turn.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { defaultConfig } from '../config.js';
import { FakeClock } from '../relay/clock.js';
import type { SourceTrack } from '../relay/sourceTrack.js';
import { buildRtp, vp8Delta, vp8Keyframe } from '../relay/testing/packets.js';
import { OPUS, VP8 } from '../relay/testing/relay.js';
import { LiveStream } from '../streams/liveStream.js';
import type { ToWorker } from './messages.js';
import { StreamFeed, type FeedTarget } from './streamFeed.js';
import { StreamMirrors } from './streamMirrors.js';

const REPLAY_MS = defaultConfig.relay.keyframeReplayMs;

/** `arrange` runs on the stream before the feed exists (sources the publisher already sends). */
function harness(arrange: (stream: LiveStream, clock: FakeClock) => void = () => undefined) {
  const clock = new FakeClock();
  const stream = new LiveStream('feed_1', 'owner', clock, defaultConfig);
  arrange(stream, clock);
  const keyframesWanted: number[] = [];
  const mirrors = new StreamMirrors(clock, defaultConfig.relay, (sourceId) => keyframesWanted.push(sourceId));
  const posted: ToWorker[] = [];
  const sources = new Map<number, SourceTrack>();
  let nextId = 1;
  const target: FeedTarget = {
    post(message, transfer = []) {
      const crossed = structuredClone(message, { transfer });
      posted.push(crossed);
      if (crossed.type === 'source') mirrors.addSource(crossed.streamId, crossed.sourceId, crossed.rid, crossed.codec, crossed.keyframe);
      else if (crossed.type === 'packets') mirrors.push(crossed);
      else if (crossed.type === 'streamGone') mirrors.remove(crossed.streamId);
    },
    registerSource(source) {
      sources.set(nextId, source);
      return nextId++;
    },
    forgetSource: (sourceId) => void sources.delete(sourceId),
  };
  return { clock, stream, mirrors, posted, sources, keyframesWanted, feed: new StreamFeed(stream, target, REPLAY_MS) };
}

const video = (sequenceNumber: number, keyframe = false) => buildRtp({ ssrc: 0xabc, sequenceNumber, payload: keyframe ? vp8Keyframe({}, { width: 640, height: 360 }) : vp8Delta() });

describe('stream feed into a worker mirror', () => {
  it('mirrors sources added before and after it, and their packets, in one batch per turn', async () => {
    const { stream, mirrors, posted, feed } = harness((early) => early.relay.addSource(OPUS, () => undefined));
    const videoSource = stream.relay.addSource(VP8, () => undefined, 'h');
    videoSource.pushRtp(video(1, true));
    videoSource.pushRtp(video(2));
    stream.relay.source('audio')!.pushRtp(buildRtp({ ssrc: 0xa0d, payloadType: 111, sequenceNumber: 7 }));
    assert.equal(posted.filter((m) => m.type === 'packets').length, 0, 'nothing crosses before the turn ends');
    await nextTurn();

    const batches = posted.filter((m) => m.type === 'packets');
    assert.equal(batches.length, 1);
    const mirror = mirrors.relay('feed_1');
    assert.deepEqual(mirror.sources.map((s) => [s.kind, s.packetsReceived]), [['audio', 1], ['video', 2]]);
    assert.equal(mirror.source('video')!.frameHeight, 360, 'the keyframe arrived whole');
    assert.equal(mirror.source('video')!.id, 'feed_1/video/h', 'the rid crossed');
    feed.close();
  });

  it("starts a mirror from the source's latest keyframe, as old as it was, without counting it as received", () => {
    const { mirrors, feed } = harness((early, clock) => {
      const source = early.relay.addSource(VP8, () => undefined);
      source.pushRtp(video(1, true));
      source.pushRtp(video(2));
      clock.advance(300);
    });
    const mirrored = mirrors.relay('feed_1').source('video')!;
    assert.deepEqual(mirrored.recentKeyframe(REPLAY_MS)?.map((p) => p.header.sequenceNumber), [1, 2]);
    assert.equal(mirrored.keyframeAgeMs, 300);
    assert.equal(mirrored.frameHeight, 360);
    assert.equal(mirrored.packetsReceived, 0);
    feed.close();
  });

  it('sends no keyframe too old for a viewer to start from', () => {
    const { mirrors, feed } = harness((early, clock) => {
      early.relay.addSource(VP8, () => undefined).pushRtp(video(1, true));
      clock.advance(REPLAY_MS + 1);
    });
    assert.equal(mirrors.relay('feed_1').source('video')!.recentKeyframe(REPLAY_MS), undefined);
    feed.close();
  });

  it('sends a keyframe request of a mirrored source back to that source', async () => {
    const { stream, mirrors, keyframesWanted, sources, feed } = harness();
    const requests: number[] = [];
    const source = stream.relay.addSource(VP8, (ssrc) => requests.push(ssrc));
    source.pushRtp(video(1));
    await nextTurn();
    mirrors.relay('feed_1').source('video')!.requestKeyframe();
    assert.equal(keyframesWanted.length, 1);
    sources.get(keyframesWanted[0]!)!.requestKeyframe();
    assert.deepEqual(requests, [0xabc]);
    feed.close();
  });

  it('stops feeding and frees the mirror when closed', async () => {
    const { stream, mirrors, posted, feed } = harness();
    const source = stream.relay.addSource(VP8, () => undefined);
    feed.close();
    source.pushRtp(video(1, true));
    await nextTurn();
    assert.equal(source.sinkCount, 0);
    assert.equal(posted.at(-1)?.type, 'streamGone');
    assert.equal(mirrors.relay('feed_1').sources.length, 0, 'a fresh, empty mirror');
  });
});
