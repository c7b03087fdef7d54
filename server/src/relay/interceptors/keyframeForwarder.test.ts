import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock.js';
import { buildFir, buildNack, buildPli, buildRemb } from '../rtcp.js';
import { buildFirFor, buildReceiverReport, feedbackOf } from '../testing/packets.js';
import { FakePublisher, TUNING, interceptorContext, liveSource } from '../testing/relay.js';
import { KeyframeForwarder } from './keyframeForwarder.js';

const VIEWER = 0x7e7e7e7e;

function arrange() {
  const clock = new FakeClock();
  const harness = interceptorContext(clock);
  const forwarder = new KeyframeForwarder(harness.context);
  return { clock, ...harness, stats: harness.context.stats, forwarder };
}

describe('KeyframeForwarder', () => {
  it('asks the source for a keyframe on a PLI (RFC 4585 §6.3.1)', () => {
    const { context, stats, source, forwarder } = arrange();

    forwarder.feedback(feedbackOf(buildPli(VIEWER, context.ssrc)));

    assert.deepEqual(source.upstreamRequests, [source.publisher.ssrc]);
    assert.equal(stats.plisReceived, 1);
    assert.equal(stats.firsReceived, 0);
  });

  it('asks the source for a keyframe on a FIR (RFC 5104 §4.3.1), one FCI or several', () => {
    const { clock, context, stats, source, forwarder } = arrange();

    forwarder.feedback(feedbackOf(buildFir(VIEWER, context.ssrc, 1)));
    clock.advance(TUNING.keyframeRequestIntervalMs); // past the source's throttle, so each request goes upstream at once
    forwarder.feedback(feedbackOf(buildFirFor(VIEWER, [context.ssrc, 0x1234], 2)));

    assert.deepEqual(source.upstreamRequests, [source.publisher.ssrc, source.publisher.ssrc]);
    assert.deepEqual(source.requestTimes, [0, TUNING.keyframeRequestIntervalMs]);
    assert.equal(stats.firsReceived, 2);
    assert.equal(stats.plisReceived, 0);
  });

  it('asks the source the track sends now: after a switch the request goes to the new one', () => {
    const { clock, context, stats, source: before, switchTo, forwarder } = arrange();
    const after = liveSource(clock, new FakePublisher(0x5eed0002));

    forwarder.feedback(feedbackOf(buildPli(VIEWER, context.ssrc)));
    switchTo(after.source);
    forwarder.feedback(feedbackOf(buildFir(VIEWER, context.ssrc, 1)));
    forwarder.feedback(feedbackOf(buildPli(VIEWER, context.ssrc)));
    clock.advance(TUNING.keyframeRequestIntervalMs);

    assert.deepEqual(before.upstreamRequests, [before.publisher.ssrc]);
    // The FIR goes at once and the PLI right behind it is folded by the new source's throttle into one more.
    assert.deepEqual(after.upstreamRequests, [0x5eed0002, 0x5eed0002]);
    assert.equal(stats.plisReceived, 2);
    assert.equal(stats.firsReceived, 1);
  });

  it('ignores NACK, receiver reports and REMB', () => {
    const { clock, context, stats, egress, source, forwarder } = arrange();
    const others = [
      buildNack(VIEWER, context.ssrc, [1, 2]),
      buildReceiverReport(VIEWER, [
        { ssrc: context.ssrc, fractionLost: 255, packetsLost: 1000, highestSequence: 1, jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0 },
      ]),
      buildRemb(VIEWER, 100_000, [context.ssrc]),
    ];

    for (const packet of others) forwarder.feedback(feedbackOf(packet));
    clock.advance(TUNING.keyframeRequestIntervalMs);

    assert.deepEqual(source.upstreamRequests, []);
    assert.deepEqual([stats.plisReceived, stats.firsReceived], [0, 0]);
    assert.deepEqual([egress.rtp, egress.rtcp], [[], []]);
  });
});
