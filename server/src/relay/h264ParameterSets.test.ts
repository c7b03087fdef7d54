/** A viewer starting on an H.264 IDR sent without its SPS/PPS gets the cached ones first. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { DownTrack } from './downTrack.js';
import { stapA } from './h264.js';
import { H264ParameterSets } from './h264ParameterSets.js';
import type { SourceCodec } from './sourceTrack.js';
import { buildRtp, RecordingEgress } from './testing/packets.js';
import { downTrackOptions, FIRST_SEQUENCE_NUMBER, recordedSource } from './testing/relay.js';

const H264: SourceCodec = { kind: 'video', mimeType: 'video/H264', clockRate: 90_000 };
const SPS = Buffer.from([0x67, 0x42, 0xc0, 0x1f, 0x8c]);
const PPS = Buffer.from([0x68, 0xce, 0x3c, 0x80]);
const IDR_START = Buffer.from([0x7c, 0x85, 0xaa, 0xbb]); // FU-A, S bit, IDR slice
const IDR_MIDDLE = Buffer.from([0x7c, 0x05, 0xcc, 0xdd]);
const NON_IDR = Buffer.from([0x41, 0x9a, 0x01]);

describe('H.264 parameter sets for a joining viewer', () => {
  it('caches SPS and PPS from a STAP-A and offers them before an IDR that lacks them', () => {
    const sets = new H264ParameterSets();
    sets.observe(stapA([SPS, PPS]));
    assert.deepEqual(sets.prefixFor(IDR_START), stapA([SPS, PPS]));
    assert.equal(sets.prefixFor(stapA([SPS, PPS])), undefined, 'a keyframe carrying its SPS needs nothing');
  });

  it('offers nothing before both are known', () => {
    const sets = new H264ParameterSets();
    sets.observe(SPS);
    assert.equal(sets.prefixFor(IDR_START), undefined);
    sets.observe(PPS);
    assert.ok(sets.prefixFor(IDR_START));
  });

  it('sends the cached sets as their own packet of the same frame, just before the IDR, with no gap after', () => {
    const clock = new FakeClock();
    const { source } = recordedSource(clock, H264);
    // The publisher sent its parameter sets once, long before this viewer came.
    source.pushRtp(buildRtp({ sequenceNumber: 10, timestamp: 1000, payload: stapA([SPS, PPS]) }));
    source.pushRtp(buildRtp({ sequenceNumber: 11, timestamp: 1000, payload: IDR_START, marker: true }));
    source.pushRtp(buildRtp({ sequenceNumber: 12, timestamp: 4000, payload: NON_IDR, marker: true }));
    const egress = new RecordingEgress();
    new DownTrack(source, egress, downTrackOptions(clock, { ssrc: 77 }));

    source.pushRtp(buildRtp({ sequenceNumber: 13, timestamp: 7000, payload: IDR_START }));
    source.pushRtp(buildRtp({ sequenceNumber: 14, timestamp: 7000, payload: IDR_MIDDLE, marker: true }));

    const [prefix, idr, middle] = egress.headers;
    assert.equal(egress.rtp.length, 3);
    assert.deepEqual(egress.rtp[0]!.subarray(prefix!.payloadOffset), stapA([SPS, PPS]));
    assert.equal(prefix!.marker, false);
    assert.deepEqual(egress.sequenceNumbers, [FIRST_SEQUENCE_NUMBER, FIRST_SEQUENCE_NUMBER + 1, FIRST_SEQUENCE_NUMBER + 2]);
    assert.equal(prefix!.timestamp, idr!.timestamp, 'same frame');
    assert.equal(middle!.timestamp, idr!.timestamp);
    assert.equal(prefix!.ssrc, 77);
  });
});
