import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AudioLevelMeter, readAudioLevel, SILENT_AUDIO_LEVEL } from './audioLevel.js';
import { FakeClock } from './clock.js';

/** An RTP packet with a one-byte-form extension block holding `elements` ([id, bytes]). */
function packetWith(elements: Array<[number, number[]]>, twoByte = false): Buffer {
  const body: number[] = [];
  for (const [id, bytes] of elements) body.push(...(twoByte ? [id, bytes.length] : [(id << 4) | (bytes.length - 1)]), ...bytes);
  while (body.length % 4 !== 0) body.push(0);
  const header = Buffer.alloc(12);
  header[0] = 0x90; // V=2, X=1
  header[1] = 111;
  const ext = Buffer.alloc(4);
  ext.writeUInt16BE(twoByte ? 0x1000 : 0xbede, 0);
  ext.writeUInt16BE(body.length / 4, 2);
  return Buffer.concat([header, ext, Buffer.from(body), Buffer.from([0xf8, 0xff])]);
}

describe('readAudioLevel (RFC 6464 in an RFC 8285 block)', () => {
  it('reads the level after other elements, ignoring the V bit', () => {
    assert.equal(readAudioLevel(packetWith([[3, [0, 0, 1]], [1, [0x80 | 25]]]), 1), 25);
    assert.equal(readAudioLevel(packetWith([[1, [90]]]), 1), 90);
  });

  it('reads the two-byte form', () => {
    assert.equal(readAudioLevel(packetWith([[7, [0x80 | 10]]], true), 7), 10);
  });

  it('is undefined without an extension, without that id, or for a truncated block', () => {
    const plain = Buffer.alloc(20);
    plain[0] = 0x80;
    assert.equal(readAudioLevel(plain, 1), undefined);
    assert.equal(readAudioLevel(packetWith([[2, [5]]]), 1), undefined);
    const truncated = packetWith([[1, [5]]]).subarray(0, 15);
    assert.equal(readAudioLevel(truncated, 1), undefined);
  });
});

describe('AudioLevelMeter', () => {
  it('averages the window and falls back to silence when packets stop', () => {
    const clock = new FakeClock();
    const meter = new AudioLevelMeter(clock, 1000);
    assert.equal(meter.level, SILENT_AUDIO_LEVEL);
    for (let i = 0; i < 50; i++) {
      meter.observe(i % 2 === 0 ? 20 : 40);
      clock.advance(20);
    }
    assert.equal(meter.level, 30);
    clock.advance(1500);
    assert.equal(meter.level, SILENT_AUDIO_LEVEL);
  });
});
