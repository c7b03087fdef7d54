import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { DownTrack } from './downTrack.js';
import { sequenceDelta } from './rtpHeader.js';
import type { SourceCodec, SourceTrack } from './sourceTrack.js';
import { RecordingEgress } from './testing/packets.js';
import { FRAME_MS, FakePublisher, OPUS, TUNING, VP8, downTrackOptions, originOf, recordedSource } from './testing/relay.js';

const LOW = 0x5eed0001;
const HIGH = 0x5eed0002;

/**
 * A down-track started on the low source while a high one streams too, each
 * publisher on its own numbering; `frames` plays 20-ms frames of both (high
 * first), then moves the clock on.
 */
function arrange(codec: SourceCodec = VP8) {
  const clock = new FakeClock();
  const ticksPerFrame = (codec.clockRate * FRAME_MS) / 1000;
  const low = { ...recordedSource(clock, codec), publisher: new FakePublisher(LOW, 96, ticksPerFrame, { firstPictureId: 100 }) };
  const high = { ...recordedSource(clock, codec), publisher: new FakePublisher(HIGH, 96, ticksPerFrame, { firstPictureId: 30_000 }) };
  for (let i = 0; i < 50; i++) high.publisher.delta();
  const media = (layer: typeof low, keyframe = false) =>
    codec.kind === 'audio' ? layer.publisher.audio() : keyframe ? layer.publisher.keyframe() : layer.publisher.delta();
  const frames = (count: number, { highKeyframe = false } = {}) => {
    for (let i = 0; i < count; i++) {
      high.source.pushRtp(media(high, highKeyframe && i === 0));
      low.source.pushRtp(media(low));
      clock.advance(FRAME_MS);
    }
  };
  frames(1);
  const egress = new RecordingEgress();
  const sourceChanges: SourceTrack[] = [];
  const downTrack = new DownTrack(low.source, egress, downTrackOptions(clock, { onSourceChanged: (source) => sourceChanges.push(source) }));
  low.source.pushRtp(media(low, true));
  clock.advance(FRAME_MS);
  return { clock, low, high, frames, egress, downTrack, sourceChanges, ticksPerFrame };
}

function assertSteps(values: number[], step: number, modulus: number, what: string): void {
  const steps = values.slice(1).map((value, i) => (value - values[i]! + modulus) % modulus);
  assert.deepEqual(steps, steps.map(() => step), `${what}: ${values.join(',')}`);
}

describe('DownTrack: switching video sources', () => {
  it('keeps the current source until the target keyframe starts, then sends only the target, numbered on', () => {
    const { low, high, frames, egress, downTrack, sourceChanges } = arrange();
    frames(2);

    downTrack.switchTo(high.source);
    frames(3);
    frames(4, { highKeyframe: true });

    assert.deepEqual(egress.rtp.map(originOf), [...Array(6).fill(LOW), ...Array(4).fill(HIGH)]);
    const sequenceSteps = egress.sequenceNumbers.slice(1).map((s, i) => sequenceDelta(s, egress.sequenceNumbers[i]!));
    assert.deepEqual(sequenceSteps, Array(9).fill(1));
    assertSteps(egress.timestamps, 1800, 2 ** 32, 'timestamps advance by 20 ms at 90 kHz, the switch too');
    assertSteps(egress.pictureIds as number[], 1, 2 ** 15, 'PictureIDs');
    assert.equal(downTrack.source, high.source);
    assert.equal(downTrack.pendingSource, undefined);
    assert.equal(downTrack.stats.layerSwitches, 1);
    assert.deepEqual(sourceChanges, [high.source]);
    assert.equal(low.source.sinkCount, 0, 'the old source no longer feeds it');
  });

  it("rewrites a switched viewer's PictureIDs in its own bytes: the publisher's packet, shared with other viewers, is untouched", () => {
    const { clock, high, frames, egress, downTrack } = arrange();
    const stayer = new RecordingEgress();
    new DownTrack(high.source, stayer, downTrackOptions(clock, { keyframeReplayMs: 0 }));
    const pushed: Array<{ packet: Buffer; copy: Buffer }> = [];
    high.source.attach({ write: ({ packet }) => void pushed.push({ packet, copy: Buffer.from(packet) }) });

    downTrack.switchTo(high.source);
    frames(3, { highKeyframe: true });

    const switchedIds = egress.pictureIds.slice(-3) as number[];
    const stayerIds = stayer.pictureIds as number[];
    assert.deepEqual(stayerIds, [30_051, 30_052, 30_053], "the publisher's own ids");
    assert.notDeepEqual(switchedIds, stayerIds, 'the switched viewer continues its own numbering');
    assertSteps(egress.pictureIds as number[], 1, 2 ** 15, 'PictureIDs');
    for (const { packet, copy } of pushed) assert.deepEqual(packet, copy);
  });

  it('follows a layer change while stopped without asking for a keyframe, and asks the new layer once on resume', () => {
    const { low, high, frames, egress, downTrack, sourceChanges } = arrange();
    downTrack.setEnabled(false);
    const [lowAsked, highAsked] = [low.upstreamRequests.length, high.upstreamRequests.length];

    downTrack.switchTo(high.source);
    frames(3, { highKeyframe: true });

    assert.deepEqual([low.upstreamRequests.length, high.upstreamRequests.length], [lowAsked, highAsked], 'no keyframe while nothing is sent');
    assert.equal(downTrack.source, high.source);
    assert.deepEqual(sourceChanges, [high.source]);
    assert.equal(high.source.sinkCount, 0, 'attached to the new layer only when resumed');
    const sentBefore = egress.rtp.length;

    downTrack.setEnabled(true);
    frames(1, { highKeyframe: true });

    assert.equal(high.upstreamRequests.length, highAsked + 1);
    assert.equal(low.upstreamRequests.length, lowAsked);
    assert.deepEqual(egress.rtp.slice(sentBefore).map(originOf), [HIGH]);
    assertSteps(egress.pictureIds as number[], 1, 2 ** 15, 'PictureIDs');
  });

  it('takes a pending target at once when stopped before its keyframe', () => {
    const { low, high, frames, downTrack } = arrange();
    downTrack.switchTo(high.source);

    downTrack.setEnabled(false);
    frames(2, { highKeyframe: true });

    assert.equal(downTrack.source, high.source);
    assert.equal(downTrack.pendingSource, undefined);
    assert.equal(low.source.sinkCount, 0);
  });

  it('cancels a pending switch when switched back before the keyframe', () => {
    const { low, high, frames, egress, downTrack, sourceChanges } = arrange();
    downTrack.switchTo(high.source);
    frames(2);

    downTrack.switchTo(low.source);
    frames(3, { highKeyframe: true });

    assert.equal(downTrack.pendingSource, undefined);
    assert.equal(high.source.sinkCount, 0);
    assert.deepEqual(new Set(egress.rtp.map(originOf)), new Set([LOW]));
    assert.equal(egress.rtp.length, 6);
    assert.equal(downTrack.stats.layerSwitches, 0);
    assert.deepEqual(sourceChanges, []);
  });

  it('moves to the newest target when retargeted before the first keyframe', () => {
    const { clock, low, high, frames, egress, downTrack } = arrange();
    const third = recordedSource(clock, VP8);
    downTrack.switchTo(third.source);

    downTrack.switchTo(high.source);
    frames(2, { highKeyframe: true });

    assert.equal(third.source.sinkCount, 0);
    assert.equal(downTrack.source, high.source);
    assert.deepEqual(egress.rtp.map(originOf), [LOW, HIGH, HIGH]);
    assert.equal(low.source.sinkCount, 0);
  });

  it('asks the target for a keyframe at once, and again every keyframeRetryMs while waiting', () => {
    const { clock, high, frames, downTrack } = arrange();
    frames(250);
    const switchedAt = clock.now();

    downTrack.switchTo(high.source);
    frames(125);
    const whileWaiting = [...high.requestTimes];
    frames(1, { highKeyframe: true });
    frames(150);

    const retry = TUNING.keyframeRetryMs;
    assert.deepEqual(whileWaiting, [switchedAt, switchedAt + retry, switchedAt + 2 * retry]);
    assert.deepEqual(high.upstreamRequests, [HIGH, HIGH, HIGH], 'none once the keyframe came, on the publisher SSRC');
  });

  it('stops listening to both sources when closed during a switch', () => {
    const { low, high, downTrack } = arrange();
    downTrack.switchTo(high.source);

    downTrack.close();
    downTrack.switchTo(low.source);

    assert.equal(low.source.sinkCount, 0);
    assert.equal(high.source.sinkCount, 0);
  });
});

describe('DownTrack: switching audio sources', () => {
  it('switches on the next packet of the target, with no keyframe to wait for', () => {
    const { low, high, frames, egress, downTrack, sourceChanges } = arrange(OPUS);
    frames(2);

    downTrack.switchTo(high.source);
    frames(3);

    assert.deepEqual(egress.rtp.map(originOf), [LOW, LOW, LOW, HIGH, HIGH, HIGH]);
    const sequenceSteps = egress.sequenceNumbers.slice(1).map((s, i) => sequenceDelta(s, egress.sequenceNumbers[i]!));
    assert.deepEqual(sequenceSteps, Array(5).fill(1));
    assertSteps(egress.timestamps, 960, 2 ** 32, 'timestamps advance by 20 ms at 48 kHz');
    assert.deepEqual(sourceChanges, [high.source]);
    assert.deepEqual([...low.upstreamRequests, ...high.upstreamRequests], [], 'no keyframe requests for audio');
  });
});
