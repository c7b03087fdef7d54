import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frames, messageToken, Reassembler, TEXT_TOKEN } from './chunking.js';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

/** What Ant Media's SDK sends for one binary message (antmedia-protocol.md §4.5), built independently. */
function antMediaFrames(payload: Uint8Array, token: number): ArrayBuffer[] {
  const out: ArrayBuffer[] = [new Int32Array([token, payload.byteLength]).buffer];
  for (let i = 0; i < payload.byteLength; i += 16000) {
    const part = payload.subarray(i, i + 16000);
    const chunk = new Uint8Array(4 + part.byteLength);
    chunk.set(new Uint8Array(new Int32Array([token]).buffer));
    chunk.set(part, 4);
    out.push(chunk.buffer);
  }
  return out;
}

describe('Ant Media binary framing', () => {
  it('frames a message exactly as the official SDK does: 8-byte header, then 4-byte token + 16000 bytes', () => {
    const payload = bytes(40_000);
    const ours = [...frames(payload, 1234)];
    assert.deepEqual(ours.map((f) => f.byteLength), [8, 16_004, 16_004, 8_004]);
    assert.deepEqual(ours.map((f) => Buffer.from(f)), antMediaFrames(payload, 1234).map((f) => Buffer.from(f)));
  });

  it("reassembles the official SDK's chunks, and forgets a message once complete", () => {
    const payload = bytes(33_000);
    const reassembler = new Reassembler();
    const results = antMediaFrames(payload, 777).map((f) => reassembler.push(f));
    assert.deepEqual(results.slice(0, -1), [undefined, undefined, undefined]);
    const done = results.at(-1)!;
    assert.equal(done.token, 777);
    assert.deepEqual(Buffer.from(done.bytes), Buffer.from(payload));
    // The token is free again: its next header starts a new message.
    assert.equal(reassembler.push(antMediaFrames(bytes(3), 777)[0]!), undefined);
  });

  it('keeps interleaved messages apart by token', () => {
    const reassembler = new Reassembler();
    const [ha, a1] = antMediaFrames(bytes(10), 1);
    const [hb, b1] = antMediaFrames(bytes(20), 2);
    reassembler.push(ha!);
    reassembler.push(hb!);
    assert.equal(reassembler.push(b1!)!.bytes.byteLength, 20);
    assert.equal(reassembler.push(a1!)!.bytes.byteLength, 10);
  });

  it('passes an empty message and unframed binary through', () => {
    const reassembler = new Reassembler();
    assert.equal(reassembler.push(new Int32Array([5, 0]).buffer)!.bytes.byteLength, 0);
    assert.equal(reassembler.push(new Uint8Array([1, 2]).buffer)!.token, undefined);
  });

  it('marks long text with tokens the official SDK never uses', () => {
    assert.ok(messageToken(false, () => 0.999) < 999_999);
    assert.ok(messageToken(true, () => 0) >= TEXT_TOKEN);
  });
});
