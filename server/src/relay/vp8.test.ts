import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameSizeReaderFor, keyframeDetectorFor } from './keyframes.js';
import { vp8Delta, vp8Keyframe, type Vp8DescriptorSpec } from './testing/packets.js';
import { isVp8KeyframeStart, readVp8KeyframeSize } from './vp8.js';

/** Every shape of payload descriptor (RFC 7741 §4.2) the detector must skip. */
const DESCRIPTORS: Array<[string, Vp8DescriptorSpec]> = [
  ['no X byte', {}],
  ['7-bit PictureID', { pictureId: 0x55 }],
  ['15-bit PictureID', { pictureId: 0x7abc, pictureIdBits: 15 }],
  ['PictureID and TL0PICIDX', { pictureId: 0x1234, pictureIdBits: 15, tl0PicIdx: 0xfe }],
  ['TL0PICIDX and TID', { tl0PicIdx: 3, tid: 2 }],
  ['KEYIDX only', { keyIdx: 5 }],
  ['everything', { pictureId: 0x7fff, pictureIdBits: 15, tl0PicIdx: 0xff, tid: 3, keyIdx: 31 }],
];

describe('isVp8KeyframeStart', () => {
  for (const [name, descriptor] of DESCRIPTORS) {
    it(`tells a keyframe start from a delta frame (${name})`, () => {
      assert.equal(isVp8KeyframeStart(vp8Keyframe(descriptor)), true);
      assert.equal(isVp8KeyframeStart(vp8Delta(descriptor)), false);
    });
  }

  it('does not count a keyframe packet that does not start partition 0', () => {
    assert.equal(isVp8KeyframeStart(vp8Keyframe({ start: false })), false);
    assert.equal(isVp8KeyframeStart(vp8Keyframe({ start: false, pictureId: 9 })), false);
    assert.equal(isVp8KeyframeStart(vp8Keyframe({ partitionId: 1 })), false);
    assert.equal(isVp8KeyframeStart(vp8Keyframe({ partitionId: 1, pictureId: 0x1234, pictureIdBits: 15 })), false);
  });

  it('is false, without throwing, for payloads truncated inside the descriptor', () => {
    const full = vp8Keyframe({ pictureId: 0x1234, pictureIdBits: 15, tl0PicIdx: 1, tid: 1 });
    const descriptorLength = 6; // 1 + X + 2 PictureID + TL0PICIDX + TID
    for (let length = 0; length <= descriptorLength; length++) {
      assert.equal(isVp8KeyframeStart(full.subarray(0, length)), false, `${length} bytes`);
    }
    assert.equal(isVp8KeyframeStart(full.subarray(0, descriptorLength + 1)), true, 'first payload-header byte is enough');
  });

  it('is found through the codec table, case-insensitively', () => {
    assert.equal(keyframeDetectorFor('video/VP8'), isVp8KeyframeStart);
    assert.equal(keyframeDetectorFor('VIDEO/vp8'), isVp8KeyframeStart);
    assert.equal(keyframeDetectorFor('audio/opus'), undefined);
  });
});

describe('readVp8KeyframeSize', () => {
  for (const [name, descriptor] of DESCRIPTORS) {
    it(`reads the size a keyframe announces (${name})`, () => {
      assert.deepEqual(readVp8KeyframeSize(vp8Keyframe(descriptor, { width: 1280, height: 720 })), { width: 1280, height: 720 });
    });
  }

  it('reads 14 bits per dimension and ignores the scaling bits above them', () => {
    const payload = vp8Keyframe({ pictureId: 7 }, { width: 0x3fff, height: 1, horizontalScale: 3, verticalScale: 2 });

    assert.deepEqual(readVp8KeyframeSize(payload), { width: 0x3fff, height: 1 });
  });

  it('is undefined for a delta frame, a packet that does not start the keyframe, and a wrong start code', () => {
    const withoutStartCode = vp8Keyframe({ pictureId: 7 }, { width: 320, height: 180 });
    withoutStartCode[withoutStartCode.length - 7] = 0x9e; // start code 9d 01 2a becomes 9e 01 2a

    assert.equal(readVp8KeyframeSize(vp8Delta({ pictureId: 7 })), undefined);
    assert.equal(readVp8KeyframeSize(vp8Keyframe({ start: false }, { width: 320, height: 180 })), undefined);
    assert.equal(readVp8KeyframeSize(withoutStartCode), undefined);
  });

  it('is undefined, without throwing, when the keyframe header is cut short', () => {
    const full = vp8Keyframe({ pictureId: 0x1234, pictureIdBits: 15 }, { width: 320, height: 180 });

    for (let length = 0; length < full.length; length++) {
      assert.equal(readVp8KeyframeSize(full.subarray(0, length)), undefined, `${length} bytes`);
    }
    assert.deepEqual(readVp8KeyframeSize(full), { width: 320, height: 180 });
  });

  it('is found through the codec table', () => {
    assert.equal(frameSizeReaderFor('VIDEO/VP8'), readVp8KeyframeSize);
    assert.equal(frameSizeReaderFor('audio/opus'), undefined);
  });
});
