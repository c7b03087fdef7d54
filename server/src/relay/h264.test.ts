import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isH264KeyframeStart, parseSpsFrameSize, readH264KeyframeSize } from './h264.js';

/** Writes an SPS the way an encoder does (H.264 §7.3.2.1.1), with emulation prevention. */
function buildSps(options: { profile: number; widthInMbs: number; heightInMbs: number; cropBottom?: number; zeroHeader?: boolean }): Buffer {
  const bits: number[] = [];
  const u = (value: number, count: number) => {
    for (let i = count - 1; i >= 0; i--) bits.push((value >> i) & 1);
  };
  const ue = (value: number) => {
    const code = value + 1;
    const length = Math.floor(Math.log2(code));
    u(0, length);
    u(code, length + 1);
  };
  u(options.profile, 8);
  u(options.zeroHeader ? 0 : 0xc0, 8); // constraint flags
  u(options.zeroHeader ? 0 : 31, 8); // level_idc
  ue(options.zeroHeader ? 63 : 0); // seq_parameter_set_id: 63 codes as 0000001…, a byte ≤ 3 after two zero bytes
  if (options.profile === 100) {
    ue(1); // chroma_format_idc 4:2:0
    ue(0);
    ue(0);
    u(0, 1);
    u(0, 1); // no scaling matrix
  }
  ue(0); // log2_max_frame_num_minus4
  ue(2); // pic_order_cnt_type
  ue(1); // max_num_ref_frames
  u(0, 1);
  ue(options.widthInMbs - 1);
  ue(options.heightInMbs - 1);
  u(1, 1); // frame_mbs_only_flag
  u(1, 1); // direct_8x8_inference_flag
  if (options.cropBottom) {
    u(1, 1);
    ue(0);
    ue(0);
    ue(0);
    ue(options.cropBottom);
  } else {
    u(0, 1);
  }
  u(0, 1); // vui_parameters_present_flag
  u(1, 1); // rbsp_stop_one_bit
  while (bits.length % 8) bits.push(0);
  const raw: number[] = [];
  for (let i = 0; i < bits.length; i += 8) raw.push(parseInt(bits.slice(i, i + 8).join(''), 2));
  const escaped: number[] = [0x67];
  for (const byte of raw) {
    const n = escaped.length;
    if (n >= 2 && escaped[n - 1] === 0 && escaped[n - 2] === 0 && byte <= 3) escaped.push(3);
    escaped.push(byte);
  }
  return Buffer.from(escaped);
}

const SPS_640x480 = buildSps({ profile: 66, widthInMbs: 40, heightInMbs: 30 });
// 1088 rows of macroblocks cropped by 4 × 2 lines: how encoders code 1080p.
const SPS_1920x1080_HIGH = buildSps({ profile: 100, widthInMbs: 120, heightInMbs: 68, cropBottom: 4 });
const PPS = Buffer.from('68ce3c80', 'hex');

function stapA(...nals: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from([0x18]), ...nals.flatMap((nal) => [Buffer.from([nal.length >> 8, nal.length & 0xff]), nal])]);
}

describe('H.264 keyframe start (RFC 6184)', () => {
  it('is a STAP-A carrying SPS and PPS', () => {
    assert.equal(isH264KeyframeStart(stapA(SPS_640x480, PPS)), true);
  });

  it('is a single IDR NAL or the first fragment (FU-A with S) of one', () => {
    assert.equal(isH264KeyframeStart(Buffer.from([0x65, 0x88, 0x80])), true);
    assert.equal(isH264KeyframeStart(Buffer.from([0x7c, 0x85, 0x00])), true);
  });

  it('is not a later fragment, a non-IDR slice or an empty payload', () => {
    assert.equal(isH264KeyframeStart(Buffer.from([0x7c, 0x45, 0x00])), false);
    assert.equal(isH264KeyframeStart(Buffer.from([0x7c, 0x81, 0x00])), false);
    assert.equal(isH264KeyframeStart(Buffer.from([0x41, 0x9a])), false);
    assert.equal(isH264KeyframeStart(Buffer.alloc(0)), false);
  });
});

describe('H.264 frame size from the SPS', () => {
  it('reads a plain SPS', () => {
    assert.deepEqual(parseSpsFrameSize(SPS_640x480), { width: 640, height: 480 });
  });

  it('reads a High-profile SPS and applies its cropping rectangle', () => {
    assert.deepEqual(parseSpsFrameSize(SPS_1920x1080_HIGH), { width: 1920, height: 1080 });
  });

  it('undoes emulation prevention before reading', () => {
    const sps = buildSps({ profile: 66, widthInMbs: 20, heightInMbs: 15, zeroHeader: true });
    assert.ok(sps.includes(Buffer.from([0, 0, 3])), 'the SPS carries an emulation-prevention byte');
    assert.deepEqual(parseSpsFrameSize(sps), { width: 320, height: 240 });
  });

  it('finds the SPS inside a STAP-A, and gives undefined for a truncated one', () => {
    assert.deepEqual(readH264KeyframeSize(stapA(SPS_640x480, PPS)), { width: 640, height: 480 });
    assert.equal(parseSpsFrameSize(SPS_640x480.subarray(0, 5)), undefined);
    assert.equal(readH264KeyframeSize(Buffer.from([0x65, 0x88])), undefined);
  });
});
