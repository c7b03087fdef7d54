import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isVp8KeyframeStart, readVp8KeyframeSize } from '../../server/src/relay/vp8.js';
import { PACKETS_PER_SECOND, readBenchFields, SyntheticVideo, type SyntheticPacket } from './syntheticVideo.js';

function drain(video: SyntheticVideo, untilMs: number): SyntheticPacket[] {
  const packets: SyntheticPacket[] = [];
  for (let t = 0; t <= untilMs; t += 1) {
    for (let p = video.nextDue(t); p; p = video.nextDue(t)) packets.push(p);
  }
  return packets;
}

describe('synthetic 2.5 Mbps VP8 schedule', () => {
  it('sends 312.5 packets/s of 1000 bytes: 2.5 Mbps', () => {
    const packets = drain(new SyntheticVideo(), 10_000);
    const perSecond = packets.length / 10;
    assert.ok(Math.abs(perSecond - PACKETS_PER_SECOND) < 5, `${perSecond} packets/s`);
    assert.equal(packets[0]!.payload(0n).length, 1000);
  });

  it('starts with a keyframe and repeats one every 2 s, which the relay recognises', () => {
    const packets = drain(new SyntheticVideo(), 4_100);
    const keyframeStarts = packets.filter((p) => isVp8KeyframeStart(p.payload(0n)));
    assert.deepEqual(
      keyframeStarts.map((p) => Math.round(p.dueMs / 100) * 100),
      [0, 2000, 4000],
    );
    assert.deepEqual(readVp8KeyframeSize(keyframeStarts[0]!.payload(0n)), { width: 640, height: 360 });
  });

  it('marks the last packet of each frame and gives a frame one timestamp', () => {
    const packets = drain(new SyntheticVideo(), 1_000);
    const frames = new Map<number, SyntheticPacket[]>();
    for (const p of packets) frames.set(p.timestamp, [...(frames.get(p.timestamp) ?? []), p]);
    for (const frame of frames.values()) {
      if (!frame.at(-1)!.marker) continue; // the frame still being paced at the end
      assert.deepEqual(frame.map((p) => p.marker), [...Array(frame.length - 1).fill(false), true]);
    }
  });

  it('makes the next frame a keyframe on request (a PLI)', () => {
    const video = new SyntheticVideo();
    drain(video, 500);
    video.requestKeyframe();
    const next = drain(video, 600).find((p) => p.payload(0n)[0] === 0x10);
    assert.equal(next?.keyframe, true);
  });

  it('stamps index and send time where the probes read them', () => {
    const [first, second] = drain(new SyntheticVideo(), 10);
    assert.deepEqual(readBenchFields(second!.payload(123456789n)), { index: 1, sentAtNs: 123456789n });
    assert.equal(readBenchFields(Buffer.alloc(40)), undefined);
    assert.equal(first!.index, 0);
  });
});
