import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyframeDetectorFor } from './keyframes.js';
import { vp8Delta, vp8Keyframe, type Vp8DescriptorSpec } from './testing/packets.js';
import { isVp8KeyframeStart } from './vp8.js';

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
