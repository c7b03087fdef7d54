import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { DownTrack } from './downTrack.js';
import type { SourceCodec } from './sourceTrack.js';
import { readRtpHeader } from './rtpHeader.js';
import { RecordingEgress, buildRtp } from './testing/packets.js';
import { FIRST_SEQUENCE_NUMBER, FIRST_TIMESTAMP, FakePublisher, OPUS, TUNING, VP8, downTrackOptions, recordedSource } from './testing/relay.js';

const VIEWER_SSRC = 0xd0d0d0d0;

/** A live source (its SSRC already known) and `viewers` down-tracks on it, each with its own SSRC and egress. */
function arrange({ codec = VP8, viewers = 1 }: { codec?: SourceCodec; viewers?: number } = {}) {
  const clock = new FakeClock();
  const { source, upstreamRequests } = recordedSource(clock, codec);
  const publisher = new FakePublisher();
  source.pushRtp(codec.kind === 'video' ? publisher.delta() : publisher.audio());
  const egresses = Array.from({ length: viewers }, () => new RecordingEgress());
  const downTracks = egresses.map((egress, i) => new DownTrack(source, egress, downTrackOptions(clock, { ssrc: VIEWER_SSRC + i })));
  return { clock, source, upstreamRequests, publisher, egresses, downTracks, egress: egresses[0]!, downTrack: downTracks[0]! };
}

/** What the down-track must send for `input`: its own header, no extension, the same payload. */
function expectedRewrite(input: Buffer, index: number, ssrc = VIEWER_SSRC): Buffer {
  const header = readRtpHeader(input)!;
  return buildRtp({
    ssrc,
    payloadType: 100,
    sequenceNumber: FIRST_SEQUENCE_NUMBER + index,
    timestamp: FIRST_TIMESTAMP + 3000 * index,
    marker: header.marker,
    payload: input.subarray(header.payloadOffset),
  });
}

describe('DownTrack: forwarding', () => {
  it('sends no video until a keyframe starts, then rewrites every packet', () => {
    const { source, publisher, egress, downTrack } = arrange();
    source.pushRtp(publisher.delta());

    const sent = [publisher.keyframe(), publisher.delta(), publisher.delta(), publisher.delta()];
    sent.forEach((packet) => source.pushRtp(packet));

    assert.deepEqual(egress.rtp, sent.map((packet, i) => expectedRewrite(packet, i)));
    assert.equal(downTrack.isStarted, true);
    assert.equal(downTrack.stats.packetsSent, 4);
  });

  it('starts audio on the first packet', () => {
    const { source, publisher, egress } = arrange({ codec: OPUS });

    const sent = [publisher.audio(), publisher.audio()];
    sent.forEach((packet) => source.pushRtp(packet));

    assert.deepEqual(egress.rtp, sent.map((packet, i) => expectedRewrite(packet, i)));
  });

  it('gives each viewer its own SSRC and sequence space from the same source', () => {
    const { source, publisher, egresses } = arrange({ viewers: 2 });

    const sent = [publisher.keyframe(), publisher.delta()];
    sent.forEach((packet) => source.pushRtp(packet));

    egresses.forEach((egress, v) => assert.deepEqual(egress.rtp, sent.map((packet, i) => expectedRewrite(packet, i, VIEWER_SSRC + v))));
  });

  it('sends nothing more once closed, and leaves the source', () => {
    const { source, publisher, egress, downTrack } = arrange();
    source.pushRtp(publisher.keyframe());

    downTrack.close();
    source.pushRtp(publisher.delta());

    assert.equal(egress.rtp.length, 1);
    assert.equal(source.sinkCount, 0);
  });
});

describe('DownTrack: disabled by the viewer', () => {
  it('sends nothing while disabled, then resumes at a keyframe it asks for, numbering on from the last packet', () => {
    const { clock, source, publisher, egress, downTrack, upstreamRequests } = arrange();
    source.pushRtp(publisher.keyframe());
    source.pushRtp(publisher.delta());
    downTrack.setEnabled(false);
    source.pushRtp(publisher.delta());
    source.pushRtp(publisher.keyframe());
    assert.equal(egress.rtp.length, 2, 'nothing sent while disabled');

    clock.advance(500);
    const asked = upstreamRequests.length;
    downTrack.setEnabled(true);
    assert.equal(upstreamRequests.length, asked + 1, 'a keyframe is asked for at once');
    source.pushRtp(publisher.delta());
    assert.equal(egress.rtp.length, 2, 'no delta frame before the keyframe');
    source.pushRtp(publisher.keyframe());

    const [last, resumed] = [readRtpHeader(egress.rtp[1]!)!, readRtpHeader(egress.rtp[2]!)!];
    assert.equal(resumed.sequenceNumber, (last.sequenceNumber + 1) & 0xffff, 'no gap a viewer would count as loss');
    assert.ok(resumed.timestamp - last.timestamp >= 90 * 500, 'the timestamp moved on by the pause');
    assert.equal(downTrack.isEnabled, true);
  });

  it('resumes audio on the next packet', () => {
    const { source, publisher, egress, downTrack } = arrange({ codec: OPUS });
    source.pushRtp(publisher.audio());
    downTrack.setEnabled(false);
    source.pushRtp(publisher.audio());
    downTrack.setEnabled(true);
    source.pushRtp(publisher.audio());
    assert.equal(egress.rtp.length, 2);
  });
});

describe('DownTrack: keyframe requests', () => {
  it('asks upstream for a keyframe, on the source SSRC, when it attaches', () => {
    const { publisher, upstreamRequests } = arrange();

    assert.deepEqual(upstreamRequests, [publisher.ssrc]);
  });

  it('asks again every keyframeRetryMs while waiting, and stops once started', () => {
    const { clock, source, publisher, upstreamRequests } = arrange();
    const askedAt = () => upstreamRequests.length;
    const timeline: number[] = [];

    for (let t = 0; t < 3500; t += 100) {
      const before = askedAt();
      source.pushRtp(publisher.delta());
      if (askedAt() > before) timeline.push(clock.now());
      clock.advance(100);
    }
    source.pushRtp(publisher.keyframe());
    for (let t = 0; t < 3000; t += 100) {
      source.pushRtp(publisher.delta());
      clock.advance(100);
    }

    assert.deepEqual(timeline, [TUNING.keyframeRetryMs, 2 * TUNING.keyframeRetryMs, 3 * TUNING.keyframeRetryMs]);
    assert.equal(upstreamRequests.length, 4, 'the attach plus three retries');
  });

  it('turns a viewer PLI or FIR into an upstream request, throttled', () => {
    const { clock, upstreamRequests, publisher, downTrack } = arrange();
    clock.advance(1000);

    downTrack.handleFeedback({ type: 'pli', senderSsrc: 1, mediaSsrc: VIEWER_SSRC });
    clock.advance(1000);
    downTrack.handleFeedback({ type: 'fir', senderSsrc: 1, mediaSsrcs: [VIEWER_SSRC] });

    assert.deepEqual(upstreamRequests, [publisher.ssrc, publisher.ssrc, publisher.ssrc]);
    assert.equal(downTrack.stats.plisReceived, 1);
    assert.equal(downTrack.stats.firsReceived, 1);
  });

  it('sends at most two upstream requests for many viewers asking within 300 ms', () => {
    const { clock, upstreamRequests, downTracks } = arrange({ viewers: 20 });
    clock.advance(1000);
    upstreamRequests.length = 0;

    downTracks.forEach((downTrack, i) => {
      const feedback = i % 2 ? { type: 'pli' as const, senderSsrc: 1, mediaSsrc: downTrack.ssrc } : { type: 'fir' as const, senderSsrc: 1, mediaSsrcs: [downTrack.ssrc] };
      downTrack.handleFeedback(feedback);
      clock.advance(14);
    });
    clock.advance(1000);

    assert.equal(upstreamRequests.length, 2);
  });
});

describe('DownTrack: NACK', () => {
  it('answers from history with the identical bytes within historyMs, and not after', () => {
    const { clock, source, publisher, egress, downTrack } = arrange();
    [publisher.keyframe(), publisher.delta(), publisher.delta()].forEach((packet) => source.pushRtp(packet));
    const lost = FIRST_SEQUENCE_NUMBER + 1;
    const original = Buffer.from(egress.rtp[1]!);

    clock.advance(TUNING.historyMs);
    downTrack.handleFeedback({ type: 'nack', senderSsrc: 1, mediaSsrc: VIEWER_SSRC, lost: [lost] });
    clock.advance(1);
    downTrack.handleFeedback({ type: 'nack', senderSsrc: 1, mediaSsrc: VIEWER_SSRC, lost: [lost] });

    assert.deepEqual(egress.rtp.slice(3), [original]);
    const { nacksReceived, packetsRetransmitted, packetsMissedForNack } = downTrack.stats;
    assert.deepEqual({ nacksReceived, packetsRetransmitted, packetsMissedForNack }, { nacksReceived: 2, packetsRetransmitted: 1, packetsMissedForNack: 1 });
  });

  it('counts sequence numbers it never sent as missed', () => {
    const { source, publisher, egress, downTrack } = arrange();
    source.pushRtp(publisher.keyframe());

    downTrack.handleFeedback({ type: 'nack', senderSsrc: 1, mediaSsrc: VIEWER_SSRC, lost: [FIRST_SEQUENCE_NUMBER - 1, FIRST_SEQUENCE_NUMBER + 1] });

    assert.equal(egress.rtp.length, 1);
    assert.equal(downTrack.stats.packetsMissedForNack, 2);
  });
});

describe('DownTrack: test impairment', () => {
  it('drops every Nth first transmission, and still serves the dropped packets to NACKs from history', () => {
    const { source, publisher, egress, downTrack } = arrange();
    downTrack.dropEveryNth = 3;
    source.pushRtp(publisher.keyframe());
    for (let i = 0; i < 8; i++) source.pushRtp(publisher.delta());
    const dropped = [2, 5, 8].map((i) => FIRST_SEQUENCE_NUMBER + i);
    const firstTransmissions = egress.rtp.length;

    downTrack.handleFeedback({ type: 'nack', senderSsrc: 1, mediaSsrc: VIEWER_SSRC, lost: dropped });

    const sent = egress.sequenceNumbers;
    assert.deepEqual(sent.slice(0, firstTransmissions), [0, 1, 3, 4, 6, 7].map((i) => FIRST_SEQUENCE_NUMBER + i));
    assert.deepEqual(sent.slice(firstTransmissions), dropped);
    assert.equal(downTrack.stats.packetsSent, 9, 'a dropped packet counts as sent: the loss is on the wire');
    assert.equal(downTrack.stats.packetsRetransmitted, 3);
  });
});

describe('DownTrack: receiver reports', () => {
  const block = { fractionLost: 0, packetsLost: 0, highestSequence: 0, jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0 };

  it('keeps the latest report block naming its SSRC, and only that one', () => {
    const { downTrack } = arrange();
    const ours = { ...block, ssrc: VIEWER_SSRC, fractionLost: 12, jitter: 450 };

    downTrack.handleFeedback({ type: 'rr', senderSsrc: 1, reports: [{ ...block, ssrc: 0x1234, fractionLost: 99 }, ours] });

    assert.deepEqual(downTrack.lastReport, ours);
  });

  it('keeps the previous report when a later one does not name it', () => {
    const { downTrack } = arrange();
    const ours = { ...block, ssrc: VIEWER_SSRC, fractionLost: 12 };
    downTrack.handleFeedback({ type: 'rr', senderSsrc: 1, reports: [ours] });

    downTrack.handleFeedback({ type: 'rr', senderSsrc: 1, reports: [{ ...block, ssrc: 0x1234 }] });

    assert.deepEqual(downTrack.lastReport, ours);
  });
});
