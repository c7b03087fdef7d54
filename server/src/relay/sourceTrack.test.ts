import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { DownTrack } from './downTrack.js';
import type { IncomingPacket, PacketSink } from './sourceTrack.js';
import { RecordingEgress, buildRtp } from './testing/packets.js';
import { FakePublisher, OPUS, downTrackOptions, recordedSource } from './testing/relay.js';

class RecordingSink implements PacketSink {
  readonly received: IncomingPacket[] = [];
  write(incoming: IncomingPacket): void {
    this.received.push(incoming);
  }
}

describe('SourceTrack: fan-out', () => {
  it('hands every well-formed packet to every sink, flagging keyframe starts', () => {
    const { source } = recordedSource(new FakeClock());
    const publisher = new FakePublisher();
    const sinks = [new RecordingSink(), new RecordingSink()];
    sinks.forEach((sink) => source.attach(sink));
    const sent = [publisher.keyframe(), publisher.delta()];

    sent.forEach((packet) => source.pushRtp(packet));
    source.pushRtp(Buffer.from('garbage'));

    for (const sink of sinks) {
      assert.deepEqual(sink.received.map((r) => r.packet), sent);
      assert.deepEqual(sink.received.map((r) => r.keyframeStart), [true, false]);
    }
    assert.equal(source.packetsReceived, 2);
    assert.equal(source.keyframesReceived, 1);
    assert.equal(source.mediaSsrc, publisher.ssrc);
  });

  it('never flags keyframes on an audio track', () => {
    const { source } = recordedSource(new FakeClock(), OPUS);
    const sink = new RecordingSink();
    source.attach(sink);

    source.pushRtp(new FakePublisher().keyframe());

    assert.equal(sink.received[0]?.keyframeStart, false);
  });

  it('stops feeding a detached sink', () => {
    const { source } = recordedSource(new FakeClock());
    const sink = new RecordingSink();
    source.attach(sink);

    source.detach(sink);
    source.pushRtp(new FakePublisher().keyframe());

    assert.equal(sink.received.length, 0);
    assert.equal(source.sinkCount, 0);
  });
});

describe('SourceTrack: keyframe requests on attach', () => {
  it('asks the publisher for a keyframe, on its media SSRC, when a video sink attaches', () => {
    const { source, upstreamRequests } = recordedSource(new FakeClock());
    source.pushRtp(buildRtp({ ssrc: 0xabc, payload: Buffer.from([0x10, 0x11]) }));

    source.attach(new RecordingSink());

    assert.deepEqual(upstreamRequests, [0xabc]);
  });

  it('asks nothing when an audio sink attaches', () => {
    const { source, upstreamRequests } = recordedSource(new FakeClock(), OPUS);
    source.pushRtp(new FakePublisher().audio());

    source.attach(new RecordingSink());

    assert.deepEqual(upstreamRequests, []);
  });

  it('sends a request made before the first packet as soon as that packet names the SSRC', () => {
    const clock = new FakeClock();
    const { source, upstreamRequests } = recordedSource(clock);
    const publisher = new FakePublisher();
    new DownTrack(source, new RecordingEgress(), downTrackOptions(clock));

    source.pushRtp(publisher.delta());

    assert.deepEqual(upstreamRequests, [publisher.ssrc]);
  });

  it('does not ask again when that first packet already starts a keyframe', () => {
    const clock = new FakeClock();
    const { source, upstreamRequests } = recordedSource(clock);
    source.attach(new RecordingSink());

    source.pushRtp(new FakePublisher().keyframe());
    clock.advance(1000);

    assert.deepEqual(upstreamRequests, []);
  });

  it('sends nothing after close()', () => {
    const clock = new FakeClock();
    const { source, upstreamRequests } = recordedSource(clock);
    source.pushRtp(new FakePublisher().delta());
    source.attach(new RecordingSink());
    source.requestKeyframe();

    source.close();
    clock.advance(1000);

    assert.equal(upstreamRequests.length, 1, 'the immediate one only; the trailing one was cancelled');
    assert.equal(source.sinkCount, 0);
  });
});

describe('SourceTrack: paused', () => {
  it('is not paused before its first packet, is after a second of silence, and is not once packets come again', () => {
    const clock = new FakeClock();
    const { source } = recordedSource(clock);
    const publisher = new FakePublisher();

    clock.advance(5000);
    const beforeFirst = source.isPaused;
    source.pushRtp(publisher.delta());
    clock.advance(1000);
    const atOneSecond = source.isPaused;
    clock.advance(1);
    const afterSilence = source.isPaused;
    source.pushRtp(publisher.delta());

    assert.deepEqual([beforeFirst, atOneSecond, afterSilence, source.isPaused], [false, false, true, false]);
  });
});
