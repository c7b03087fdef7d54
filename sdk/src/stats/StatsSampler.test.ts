import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatsSampler } from './StatsSampler.js';

const report = (...entries: Array<Record<string, unknown>>) =>
  new Map(entries.map((e, i) => [String(e.id ?? `s${i}`), e])) as unknown as RTCStatsReport;

const publishing = (bytes: number, packets: number, lost: number) =>
  report(
    { type: 'outbound-rtp', kind: 'video', rid: 'q', bytesSent: bytes / 4, packetsSent: packets / 4, frameWidth: 160, frameHeight: 120, framesPerSecond: 30, qualityLimitationReason: 'none' },
    { type: 'outbound-rtp', kind: 'video', rid: 'f', bytesSent: (bytes * 3) / 4, packetsSent: (packets * 3) / 4, frameWidth: 640, frameHeight: 480, framesPerSecond: 25, qualityLimitationReason: 'bandwidth' },
    { type: 'remote-inbound-rtp', kind: 'video', packetsLost: lost, roundTripTime: 0.04, jitter: 0.003 },
    { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
    { id: 'P', type: 'candidate-pair', currentRoundTripTime: 0.05, availableOutgoingBitrate: 2_500_000 },
  );

describe('StatsSampler', () => {
  it('is right from the first sample: rates since the connection was created, not −1 or a spike', () => {
    const sampler = new StatsSampler(10_000);
    const stats = sampler.sample(publishing(125_000, 100, 0), 11_000);
    assert.equal(stats.bitrateOut, 1000);
    assert.equal(stats.bitrateIn, 0);
    assert.equal(stats.packetLoss, 0);
    assert.equal(stats.timestamp, 11_000);
  });

  it('reports the last interval: bitrate, loss in percent, RTT of the selected pair, outgoing estimate', () => {
    const sampler = new StatsSampler(0);
    sampler.sample(publishing(125_000, 1000, 0), 1000);
    const stats = sampler.sample(publishing(375_000, 2000, 20), 3000);
    assert.equal(stats.bitrateOut, 1000);
    assert.equal(stats.packetLoss, 2);
    assert.equal(stats.packetsLost, 20);
    assert.equal(stats.rttMs, 50);
    assert.equal(stats.jitterMs, 3);
    assert.equal(stats.availableOutgoingBitrate, 2500);
  });

  it('with simulcast, reports the largest layer: its size, its limitation, the highest frame rate', () => {
    const stats = new StatsSampler(0).sample(publishing(1000, 10, 0), 1000);
    assert.deepEqual([stats.width, stats.height, stats.qualityLimitationReason, stats.fps], [640, 480, 'bandwidth', 30]);
  });

  it('for a player: incoming bitrate, loss of received packets, video jitter in ms', () => {
    const sampler = new StatsSampler(0);
    const playing = (bytes: number, received: number, lost: number) =>
      report(
        { type: 'inbound-rtp', kind: 'video', bytesReceived: bytes, packetsReceived: received, packetsLost: lost, jitter: 0.012, framesPerSecond: 24, frameWidth: 320, frameHeight: 240 },
        { type: 'inbound-rtp', kind: 'audio', bytesReceived: 0, packetsReceived: 0, packetsLost: 0, jitter: 0.002 },
        { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.001 },
      );
    sampler.sample(playing(0, 0, 0), 1000);
    const stats = sampler.sample(playing(250_000, 990, 10), 2000);
    assert.deepEqual(
      [stats.bitrateIn, stats.packetLoss, stats.jitterMs, stats.rttMs, stats.fps, stats.width, stats.qualityLimitationReason],
      [2000, 1, 12, 1, 24, 320, null],
    );
  });
});

describe('StatsSampler for a call', () => {
  it('reports the size and frame rate of the video received, not those of the video sent; the encoder limit of the video sent', () => {
    const call = report(
      { type: 'inbound-rtp', kind: 'video', bytesReceived: 1000, packetsReceived: 10, packetsLost: 0, framesPerSecond: 30, frameWidth: 960, frameHeight: 540 },
      { type: 'outbound-rtp', kind: 'video', bytesSent: 1000, packetsSent: 10, framesPerSecond: 20, frameWidth: 1280, frameHeight: 720, qualityLimitationReason: 'cpu' },
    );
    const stats = new StatsSampler(0).sample(call, 1000);
    assert.deepEqual([stats.width, stats.height, stats.fps, stats.qualityLimitationReason], [960, 540, 30, 'cpu']);
  });
});

describe('StatsSampler with two readers', () => {
  it('measures rates over at least 500 ms, so a second reader a few ms later sees no spike', () => {
    const sampler = new StatsSampler(0);
    const out = (bytes: number) => report({ type: 'outbound-rtp', kind: 'video', bytesSent: bytes, packetsSent: 1 });
    sampler.sample(out(125_000), 1000);
    assert.equal(sampler.sample(out(250_000), 2000).bitrateOut, 1000);
    assert.equal(sampler.sample(out(250_500), 2002).bitrateOut, 1002, 'against the 1000 ms sample, not the one 2 ms ago');
  });
});
