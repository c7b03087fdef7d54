import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRtpHeader, sequenceDelta, writeRewrittenHeader, type RtpRewrite } from './rtpHeader.js';
import { absSendTimeExtension, buildRtp } from './testing/packets.js';

const PAYLOAD = Buffer.from([1, 2, 3, 4, 5]);

function mustRead(packet: Buffer) {
  const header = readRtpHeader(packet);
  assert.ok(header, `expected a header in ${packet.toString('hex')}`);
  return header;
}

describe('readRtpHeader', () => {
  it('reads the fixed header of a plain packet', () => {
    const packet = buildRtp({ payloadType: 111, sequenceNumber: 65535, timestamp: 0xfffffffe, ssrc: 0xcafebabe, marker: true, payload: PAYLOAD });

    assert.deepEqual(readRtpHeader(packet), {
      marker: true, payloadType: 111, sequenceNumber: 65535, timestamp: 0xfffffffe, ssrc: 0xcafebabe, payloadOffset: 12, paddingLength: 0,
    });
  });

  it('puts the payload after the CSRC list', () => {
    const packet = buildRtp({ csrcs: [1, 2, 3], payload: PAYLOAD });

    const header = mustRead(packet);

    assert.equal(header.payloadOffset, 24);
    assert.deepEqual(packet.subarray(header.payloadOffset), PAYLOAD);
  });

  it('puts the payload after the CSRCs and a header extension', () => {
    const extension = { profile: 0xbede, data: Buffer.alloc(8, 0x11) };
    const packet = buildRtp({ csrcs: [7], extension, payload: PAYLOAD });

    const header = mustRead(packet);

    assert.equal(header.payloadOffset, 12 + 4 + 4 + 8);
    assert.deepEqual(packet.subarray(header.payloadOffset), PAYLOAD);
  });

  it('reports the padding length from the last byte', () => {
    const packet = buildRtp({ payload: PAYLOAD, padding: 4 });

    const header = mustRead(packet);

    assert.equal(header.paddingLength, 4);
    assert.deepEqual(packet.subarray(header.payloadOffset, packet.length - header.paddingLength), PAYLOAD);
  });

  it('refuses malformed packets', () => {
    const cases: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['shorter than the fixed header', buildRtp().subarray(0, 11)],
      ['version 1', Buffer.from(buildRtp()).fill(0x40, 0, 1)],
      ['version 0', Buffer.concat([Buffer.from([0x00]), buildRtp().subarray(1)])],
      ['CSRC list past the end', buildRtp({ csrcs: [1, 2] }).subarray(0, 16)],
      ['extension header past the end', buildRtp({ extension: absSendTimeExtension(), payload: Buffer.alloc(0) }).subarray(0, 14)],
      ['extension length past the end', withExtensionLength(buildRtp({ extension: absSendTimeExtension(), payload: PAYLOAD }), 9)],
      ['padding longer than the packet', withLastByte(buildRtp({ payload: PAYLOAD, padding: 2 }), 200)],
    ];
    for (const [name, packet] of cases) assert.equal(readRtpHeader(packet), undefined, name);
  });
});

function withExtensionLength(packet: Buffer, words: number): Buffer {
  const copy = Buffer.from(packet);
  copy.writeUInt16BE(words, 14);
  return copy;
}

function withLastByte(packet: Buffer, value: number): Buffer {
  const copy = Buffer.from(packet);
  copy[copy.length - 1] = value;
  return copy;
}

/** The packet a viewer gets: the header written for it, then the payload untouched. */
function rewritten(packet: Buffer, rewrite: RtpRewrite): Buffer {
  const head = Buffer.alloc(80, 0xee);
  const headerBytes = writeRewrittenHeader(head, packet, rewrite);
  return Buffer.concat([head.subarray(0, headerBytes), packet.subarray(mustRead(packet).payloadOffset)]);
}

describe('writeRewrittenHeader', () => {
  const rewrite = { ssrc: 0x01020304, payloadType: 100, sequenceNumber: 7, timestamp: 0x0a0b0c0d };

  it('sets SSRC, payload type, sequence number and timestamp, and drops the extension', () => {
    const packet = buildRtp({ ssrc: 0xffffffff, payloadType: 96, sequenceNumber: 500, timestamp: 1, extension: absSendTimeExtension(), payload: PAYLOAD });

    const out = rewritten(packet, rewrite);

    assert.deepEqual(out, buildRtp({ ...rewrite, payload: PAYLOAD }));
    assert.equal(out[0]! & 0x10, 0, 'X bit cleared');
  });

  it('keeps the CSRCs, the marker and the padding bit, and returns the length with the CSRCs', () => {
    const packet = buildRtp({ csrcs: [0xaaaa, 0xbbbb], marker: true, extension: absSendTimeExtension(), payload: PAYLOAD, padding: 3 });

    const out = rewritten(packet, rewrite);

    assert.equal(writeRewrittenHeader(Buffer.alloc(80), packet, rewrite), 12 + 8);
    assert.deepEqual(out, buildRtp({ ...rewrite, csrcs: [0xaaaa, 0xbbbb], marker: true, payload: PAYLOAD, padding: 3 }));
    const header = mustRead(out);
    assert.equal(header.paddingLength, 3);
    assert.deepEqual(out.subarray(header.payloadOffset, out.length - 3), PAYLOAD);
  });

  it('leaves the input packet untouched', () => {
    const packet = buildRtp({ extension: absSendTimeExtension(), payload: PAYLOAD });
    const before = Buffer.from(packet);

    rewritten(packet, rewrite);

    assert.deepEqual(packet, before);
  });
});

describe('sequenceDelta', () => {
  it('is the signed distance on the 16-bit circle', () => {
    assert.equal(sequenceDelta(10, 3), 7);
    assert.equal(sequenceDelta(3, 10), -7);
    assert.equal(sequenceDelta(0, 65535), 1);
    assert.equal(sequenceDelta(65535, 0), -1);
    assert.equal(sequenceDelta(5, 65530), 11);
    assert.equal(sequenceDelta(32767, 0), 32767);
    assert.equal(sequenceDelta(32768, 0), -32768);
  });
});
