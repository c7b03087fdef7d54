import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { sequenceDelta } from './rtpHeader.js';
import { StreamRelay, type ViewerTrackBinding } from './streamRelay.js';
import { RecordingEgress } from './testing/packets.js';
import { FakePublisher, OPUS, TUNING, VP8 } from './testing/relay.js';

const VIEWER_SSRCS = [0xa1, 0xb2, 0xc3];

function arrange() {
  const clock = new FakeClock();
  const relay = new StreamRelay('stream1', clock, TUNING);
  const upstreamRequests: number[] = [];
  const publisher = new FakePublisher();
  const addVideoSource = () => relay.addSource(VP8, (ssrc) => upstreamRequests.push(ssrc));
  return { clock, relay, upstreamRequests, publisher, addVideoSource };
}

function videoBinding(ssrc: number, egress = new RecordingEgress()): ViewerTrackBinding & { egress: RecordingEgress } {
  return { kind: 'video', ssrc, payloadType: 100, egress };
}

function assertContinuous(sequenceNumbers: number[]): void {
  for (let i = 1; i < sequenceNumbers.length; i++) {
    assert.equal(sequenceDelta(sequenceNumbers[i]!, sequenceNumbers[i - 1]!), 1, `gap at ${i}: ${sequenceNumbers.join(',')}`);
  }
}

describe('StreamRelay: fan-out', () => {
  it('gives three viewers of one source their own SSRC and continuous sequence numbers', () => {
    const { relay, publisher, addVideoSource } = arrange();
    const source = addVideoSource();
    source.pushRtp(publisher.delta());
    const bindings = VIEWER_SSRCS.map((ssrc) => videoBinding(ssrc));
    bindings.forEach((binding) => relay.addViewer([binding]));

    source.pushRtp(publisher.keyframe());
    for (let i = 0; i < 9; i++) source.pushRtp(publisher.delta());

    for (const { ssrc, egress } of bindings) {
      assert.equal(egress.rtp.length, 10);
      assert.deepEqual(new Set(egress.headers.map((h) => h.ssrc)), new Set([ssrc]));
      assertContinuous(egress.sequenceNumbers);
    }
    const payloads = bindings.map(({ egress }) => egress.rtp.map((p) => p.subarray(12).toString('hex')));
    assert.deepEqual(payloads[1], payloads[0]);
    assert.deepEqual(payloads[2], payloads[0]);
  });

  it('binds only the kinds the viewer can carry', () => {
    const { relay } = arrange();
    relay.addSource(OPUS, () => undefined);

    const leg = relay.addViewer([videoBinding(1)]);

    assert.deepEqual(leg.downTracks, []);
  });
});

describe('StreamRelay: viewers and sources arriving in any order', () => {
  it('binds a viewer added before the source when the source arrives', () => {
    const { relay, publisher, upstreamRequests, addVideoSource } = arrange();
    const binding = videoBinding(VIEWER_SSRCS[0]!);
    const leg = relay.addViewer([binding, { kind: 'audio', ssrc: 0xa0, payloadType: 111, egress: new RecordingEgress() }]);
    assert.equal(leg.downTracks.length, 0);

    const source = addVideoSource();
    source.pushRtp(publisher.delta());
    source.pushRtp(publisher.keyframe());
    source.pushRtp(publisher.delta());

    assert.equal(leg.downTracks.length, 1);
    assert.deepEqual(upstreamRequests, [publisher.ssrc], 'the join asked for a keyframe as soon as the SSRC was known');
    assert.equal(binding.egress.rtp.length, 2);
    assertContinuous(binding.egress.sequenceNumbers);
  });

  it('moves viewers to a source that replaces the old one of the same kind', () => {
    const { relay, addVideoSource } = arrange();
    const old = addVideoSource();
    const binding = videoBinding(VIEWER_SSRCS[0]!);
    const leg = relay.addViewer([binding]);

    const replacement = addVideoSource();
    const republisher = new FakePublisher(0x5eed0009);
    replacement.pushRtp(republisher.keyframe());

    assert.equal(old.sinkCount, 0);
    assert.equal(replacement.sinkCount, 1);
    assert.equal(leg.downTracks.length, 1);
    assert.equal(binding.egress.rtp.length, 1);
    assert.equal(relay.source('video'), replacement);
  });
});

describe('StreamRelay: teardown', () => {
  it('stops sending to a removed viewer and keeps the others', () => {
    const { relay, publisher, addVideoSource } = arrange();
    const source = addVideoSource();
    const [gone, stays] = [videoBinding(VIEWER_SSRCS[0]!), videoBinding(VIEWER_SSRCS[1]!)];
    const goneLeg = relay.addViewer([gone]);
    relay.addViewer([stays]);
    source.pushRtp(publisher.keyframe());

    relay.removeViewer(goneLeg);
    source.pushRtp(publisher.delta());

    assert.equal(gone.egress.rtp.length, 1);
    assert.equal(stays.egress.rtp.length, 2);
    assert.equal(relay.viewerCount, 1);
    assert.equal(source.sinkCount, 1);
  });

  it('stops everything on close()', () => {
    const { clock, relay, publisher, upstreamRequests, addVideoSource } = arrange();
    const source = addVideoSource();
    source.pushRtp(publisher.keyframe());
    const bindings = VIEWER_SSRCS.map((ssrc) => videoBinding(ssrc));
    bindings.forEach((binding) => relay.addViewer([binding]));
    const requestsBefore = upstreamRequests.length;

    relay.close();
    source.pushRtp(publisher.keyframe());
    clock.advance(10_000);

    assert.deepEqual(bindings.map(({ egress }) => egress.rtp.length), [0, 0, 0]);
    assert.equal(upstreamRequests.length, requestsBefore, 'the trailing keyframe request was cancelled');
    assert.equal(clock.pendingTimers, 0);
    assert.equal(relay.viewerCount, 0);
    assert.deepEqual(relay.sources, []);
  });
});
