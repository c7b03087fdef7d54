import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import type { DownTrack } from './downTrack.js';
import { buildNack, buildPli, buildRemb, type RtcpFeedback } from './rtcp.js';
import { RecordingEgress, buildFirFor, buildReceiverReport } from './testing/packets.js';
import { FakePublisher, OPUS, VP8, downTrackOptions, recordedSource } from './testing/relay.js';
import { ViewerLeg } from './viewerLeg.js';

const VIDEO_SSRC = 0x1000;
const AUDIO_SSRC = 0x2000;
const UNKNOWN_SSRC = 0x3000;
const VIEWER = 0x9999;

/** One viewer with a started video and audio down-track on one shared egress; upstream requests so far cleared. */
function arrange() {
  const clock = new FakeClock();
  const video = recordedSource(clock, VP8);
  const audio = recordedSource(clock, OPUS);
  const videoPublisher = new FakePublisher(0x5eed0001);
  const audioPublisher = new FakePublisher(0x5eed0002, 111, 960);
  video.source.pushRtp(videoPublisher.keyframe());
  audio.source.pushRtp(audioPublisher.audio());
  const egress = new RecordingEgress();
  const leg = new ViewerLeg();
  const videoTrack = leg.addDownTrack(video.source, egress, downTrackOptions(clock, { ssrc: VIDEO_SSRC }));
  const audioTrack = leg.addDownTrack(audio.source, egress, downTrackOptions(clock, { ssrc: AUDIO_SSRC, payloadType: 111 }));
  video.source.pushRtp(videoPublisher.keyframe());
  audio.source.pushRtp(audioPublisher.audio());
  clock.advance(1000);
  video.upstreamRequests.length = 0;
  return { clock, leg, egress, video, audio, videoTrack, audioTrack };
}

function spyFeedback(downTrack: DownTrack): RtcpFeedback[] {
  const seen: RtcpFeedback[] = [];
  const original = downTrack.handleFeedback.bind(downTrack);
  downTrack.handleFeedback = (feedback) => {
    seen.push(feedback);
    original(feedback);
  };
  return seen;
}

describe('ViewerLeg: RTCP routing', () => {
  it('routes a PLI to the down-track it names, which asks upstream', () => {
    const { leg, video, videoTrack, audioTrack } = arrange();

    leg.handleRtcp(buildPli(VIEWER, VIDEO_SSRC));

    assert.equal(videoTrack.stats.plisReceived, 1);
    assert.equal(audioTrack.stats.plisReceived, 0);
    assert.deepEqual(video.upstreamRequests, [0x5eed0001]);
  });

  it('routes a NACK to the down-track it names, which retransmits from its own history', () => {
    const { leg, egress, videoTrack, audioTrack } = arrange();
    const audioPacket = egress.rtp[1]!;
    const sentBefore = egress.rtp.length;

    leg.handleRtcp(buildNack(VIEWER, AUDIO_SSRC, [egress.headers[1]!.sequenceNumber]));

    assert.deepEqual(egress.rtp.slice(sentBefore), [audioPacket]);
    assert.equal(audioTrack.stats.nacksReceived, 1);
    assert.equal(videoTrack.stats.nacksReceived, 0);
  });

  it('routes a FIR to every down-track among the SSRCs it names', () => {
    const { leg, videoTrack, audioTrack } = arrange();

    leg.handleRtcp(buildFirFor(VIEWER, [UNKNOWN_SSRC, VIDEO_SSRC, AUDIO_SSRC]));

    assert.equal(videoTrack.stats.firsReceived, 1);
    assert.equal(audioTrack.stats.firsReceived, 1);
  });

  it('routes a receiver report to the down-tracks its blocks name', () => {
    const { leg, videoTrack, audioTrack } = arrange();
    const videoSeen = spyFeedback(videoTrack);
    const audioSeen = spyFeedback(audioTrack);
    const block = { fractionLost: 3, packetsLost: 10, highestSequence: 500, jitter: 9, lastSenderReport: 0, delaySinceLastSenderReport: 0 };

    leg.handleRtcp(buildReceiverReport(VIEWER, [{ ...block, ssrc: VIDEO_SSRC }, { ...block, ssrc: UNKNOWN_SSRC }]));

    assert.deepEqual(videoSeen.map((f) => f.type), ['rr']);
    assert.deepEqual(audioSeen, []);
  });

  it('acts on every part of a compound packet', () => {
    const { leg, videoTrack, audioTrack } = arrange();

    leg.handleRtcp(Buffer.concat([buildReceiverReport(VIEWER, []), buildPli(VIEWER, VIDEO_SSRC), buildNack(VIEWER, AUDIO_SSRC, [1])]));

    assert.equal(videoTrack.stats.plisReceived, 1);
    assert.equal(audioTrack.stats.nacksReceived, 1);
  });

  it('ignores feedback naming SSRCs it does not have, and garbage', () => {
    const { leg, egress, video, videoTrack, audioTrack } = arrange();
    const sentBefore = egress.rtp.length;
    const statsBefore = [{ ...videoTrack.stats }, { ...audioTrack.stats }];

    leg.handleRtcp(buildPli(VIEWER, UNKNOWN_SSRC));
    leg.handleRtcp(buildNack(VIEWER, UNKNOWN_SSRC, [1, 2, 3]));
    leg.handleRtcp(buildFirFor(VIEWER, [UNKNOWN_SSRC]));
    leg.handleRtcp(Buffer.from('definitely not RTCP'));

    assert.equal(egress.rtp.length, sentBefore);
    assert.deepEqual(video.upstreamRequests, []);
    assert.deepEqual([videoTrack.stats, audioTrack.stats], statsBefore);
  });
});

describe('ViewerLeg: estimate and lifetime', () => {
  it('takes the viewer bandwidth estimate from REMB', () => {
    const { leg } = arrange();
    assert.equal(leg.estimatedBitrate, undefined);

    leg.handleRtcp(buildRemb(VIEWER, 1_500_000, [VIDEO_SSRC]));

    assert.equal(leg.estimatedBitrate, 1_500_000);
  });

  it('replaces the down-track of an SSRC that is added again', () => {
    const { clock, leg, video, videoTrack, audioTrack } = arrange();

    const replacement = leg.addDownTrack(video.source, new RecordingEgress(), downTrackOptions(clock, { ssrc: VIDEO_SSRC }));
    leg.handleRtcp(buildPli(VIEWER, VIDEO_SSRC));

    assert.deepEqual(leg.downTracks, [replacement, audioTrack]);
    assert.equal(video.source.sinkCount, 1);
    assert.equal(videoTrack.stats.plisReceived, 0);
    assert.equal(replacement.stats.plisReceived, 1);
  });

  it('closes every down-track on close()', () => {
    const { leg, video, audio } = arrange();

    leg.close();

    assert.equal(video.source.sinkCount, 0);
    assert.equal(audio.source.sinkCount, 0);
    assert.deepEqual(leg.downTracks, []);
  });
});

describe('ViewerLeg: network()', () => {
  const block = { fractionLost: 0, packetsLost: 0, highestSequence: 500, jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0 };

  it('reports no loss and unknown jitter and RTT before any receiver report', () => {
    const { leg } = arrange();

    assert.deepEqual(leg.network(), { estimate: undefined, ceiling: undefined, lossFraction: 0, rttMs: undefined, jitterMs: undefined });
  });

  it("takes loss (fraction / 256) and jitter (in ms at the video clock rate) from the video track's last report", () => {
    const { leg } = arrange();

    leg.handleRtcp(buildReceiverReport(VIEWER, [{ ...block, ssrc: VIDEO_SSRC, fractionLost: 64, jitter: 900 }, { ...block, ssrc: AUDIO_SSRC, fractionLost: 200, jitter: 4800 }]));
    leg.handleRtcp(buildReceiverReport(VIEWER, [{ ...block, ssrc: AUDIO_SSRC, fractionLost: 255 }]));

    const { lossFraction, jitterMs } = leg.network();
    assert.deepEqual({ lossFraction, jitterMs }, { lossFraction: 0.25, jitterMs: 10 });
  });

  it('reports the REMB estimate and the cap as the ceiling, each as it is', () => {
    const { leg } = arrange();
    leg.estimateCap = 800_000;

    leg.handleRtcp(buildRemb(VIEWER, 1_500_000, [VIDEO_SSRC]));

    const { estimate, ceiling } = leg.network();
    assert.deepEqual({ estimate, ceiling }, { estimate: 1_500_000, ceiling: 800_000 });
  });

  it('gives as effective estimate the lower of REMB and the cap, or whichever is known', () => {
    const { leg } = arrange();
    const effective: Array<number | undefined> = [leg.effectiveEstimate];

    leg.estimateCap = 800_000;
    effective.push(leg.effectiveEstimate);
    leg.handleRtcp(buildRemb(VIEWER, 1_500_000, [VIDEO_SSRC]));
    effective.push(leg.effectiveEstimate);
    leg.handleRtcp(buildRemb(VIEWER, 300_000, [VIDEO_SSRC]));
    effective.push(leg.effectiveEstimate);
    leg.estimateCap = undefined;
    effective.push(leg.effectiveEstimate);

    assert.deepEqual(effective, [undefined, 800_000, 800_000, 300_000, 300_000]);
  });
});
