import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vp8Delta, vp8Keyframe, type Vp8DescriptorSpec } from './testing/packets.js';
import { Vp8PictureIdContinuity, readVp8Ids } from './vp8PictureIds.js';

describe('readVp8Ids', () => {
  it('finds a 7-bit PictureID', () => {
    assert.deepEqual(readVp8Ids(vp8Delta({ pictureId: 0x55 })), {
      pictureId: 0x55,
      pictureIdBits: 7,
      pictureIdAt: 2,
      tl0PicIdx: undefined,
      tl0At: 3,
    });
  });

  it('finds a 15-bit PictureID and the TL0PICIDX after it', () => {
    assert.deepEqual(readVp8Ids(vp8Delta({ pictureId: 0x1234, pictureIdBits: 15, tl0PicIdx: 0xfe, tid: 1 })), {
      pictureId: 0x1234,
      pictureIdBits: 15,
      pictureIdAt: 2,
      tl0PicIdx: 0xfe,
      tl0At: 4,
    });
  });

  it('finds a TL0PICIDX without a PictureID', () => {
    const ids = readVp8Ids(vp8Delta({ tl0PicIdx: 9, tid: 1 }));

    assert.equal(ids?.pictureId, undefined);
    assert.equal(ids?.tl0PicIdx, 9);
    assert.equal(ids?.tl0At, 2);
  });

  it('reports neither id when the extension byte announces none', () => {
    const ids = readVp8Ids(vp8Delta({ keyIdx: 3 }));

    assert.equal(ids?.pictureId, undefined);
    assert.equal(ids?.tl0PicIdx, undefined);
  });

  it('is undefined without an X byte', () => {
    assert.equal(readVp8Ids(vp8Delta({})), undefined);
    assert.equal(readVp8Ids(Buffer.alloc(0)), undefined);
  });

  it('is undefined, without throwing, when the descriptor is cut short', () => {
    const full = vp8Delta({ pictureId: 0x1234, pictureIdBits: 15, tl0PicIdx: 7 });

    for (const length of [1, 2, 3, 4]) assert.equal(readVp8Ids(full.subarray(0, length)), undefined, `${length} bytes`);
    assert.equal(readVp8Ids(full.subarray(0, 5))?.tl0PicIdx, 7);
  });
});

/** Sends `payload` through `continuity` and returns the bytes that would go out; the payload itself must not change. */
function send(continuity: Vp8PictureIdContinuity, payload: Buffer): Buffer {
  const before = Buffer.from(payload);
  const head = Buffer.alloc(3 + 5, 0xee);
  const copied = continuity.writeRewritten(payload, head, 3);
  assert.deepEqual(payload, before, 'the shared payload is left as it was');
  return Buffer.concat([head.subarray(3, 3 + copied), payload.subarray(copied)]);
}

/** Sends frames with these ids from a first source, then anchors on a second source's keyframe and sends it. */
function switchFrom(lastSent: Vp8DescriptorSpec, anchor: Vp8DescriptorSpec) {
  const continuity = new Vp8PictureIdContinuity();
  const first = vp8Keyframe(lastSent);
  continuity.anchor(first);
  send(continuity, first);
  const keyframe = vp8Keyframe(anchor);
  continuity.anchor(keyframe);
  return { continuity, out: send(continuity, keyframe) };
}

describe('Vp8PictureIdContinuity', () => {
  it('leaves the ids of the first source unchanged', () => {
    const continuity = new Vp8PictureIdContinuity();
    const frames = [vp8Keyframe({ pictureId: 500, pictureIdBits: 15, tl0PicIdx: 7 }), vp8Delta({ pictureId: 501, pictureIdBits: 15, tl0PicIdx: 8 })];

    continuity.anchor(frames[0]!);
    const out = frames.map((frame) => send(continuity, frame));

    assert.deepEqual(out, frames);
  });

  it('continues the PictureID and TL0PICIDX from the last ones sent after a switch, then follows the new source', () => {
    const { continuity, out } = switchFrom({ pictureId: 101, pictureIdBits: 15, tl0PicIdx: 8 }, { pictureId: 20_000, pictureIdBits: 15, tl0PicIdx: 200 });
    const next = send(continuity, vp8Delta({ pictureId: 20_001, pictureIdBits: 15, tl0PicIdx: 201 }));

    assert.deepEqual(out, vp8Keyframe({ pictureId: 102, pictureIdBits: 15, tl0PicIdx: 9 }));
    assert.deepEqual(next, vp8Delta({ pictureId: 103, pictureIdBits: 15, tl0PicIdx: 10 }));
  });

  it('wraps a 15-bit PictureID from 32767 to 0', () => {
    const { continuity, out } = switchFrom({ pictureId: 32_767, pictureIdBits: 15 }, { pictureId: 500, pictureIdBits: 15 });
    const next = send(continuity, vp8Delta({ pictureId: 501, pictureIdBits: 15 }));

    assert.deepEqual([out, next], [vp8Keyframe({ pictureId: 0, pictureIdBits: 15 }), vp8Delta({ pictureId: 1, pictureIdBits: 15 })]);
  });

  it('continues a 7-bit PictureID, wrapping from 127 to 0', () => {
    assert.deepEqual(switchFrom({ pictureId: 50 }, { pictureId: 90 }).out, vp8Keyframe({ pictureId: 51 }));
    assert.deepEqual(switchFrom({ pictureId: 127 }, { pictureId: 10 }).out, vp8Keyframe({ pictureId: 0 }));
  });

  it('wraps TL0PICIDX from 255 to 0', () => {
    const { continuity, out } = switchFrom({ pictureId: 1, tl0PicIdx: 255 }, { pictureId: 1, tl0PicIdx: 3 });
    const next = send(continuity, vp8Delta({ pictureId: 2, tl0PicIdx: 4 }));

    assert.deepEqual([out, next], [vp8Keyframe({ pictureId: 2, tl0PicIdx: 0 }), vp8Delta({ pictureId: 3, tl0PicIdx: 1 })]);
  });

  it('stays continuous over a switch there and back', () => {
    const { continuity } = switchFrom({ pictureId: 10, pictureIdBits: 15 }, { pictureId: 7000, pictureIdBits: 15 });
    const back = vp8Keyframe({ pictureId: 40, pictureIdBits: 15 });

    continuity.anchor(back);

    assert.deepEqual(send(continuity, back), vp8Keyframe({ pictureId: 12, pictureIdBits: 15 }), '10, then 11 from the other source, then 12');
  });

  it('passes a payload without ids through untouched', () => {
    const { continuity } = switchFrom({ pictureId: 10, pictureIdBits: 15 }, { pictureId: 7000, pictureIdBits: 15 });
    const plain = vp8Delta({});

    assert.deepEqual(send(continuity, plain), plain);
  });
});
