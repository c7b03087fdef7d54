/**
 * Ant Media's binary framing for data channels (antmedia-protocol.md §4.5):
 * a header message `Int32[token, totalLength]` (8 bytes), then chunks of a
 * 4-byte Int32 token followed by up to 16000 payload bytes. Speaking it lets
 * the official SDK reassemble what we send and us reassemble what it sends.
 *
 * Our one extension: tokens from TEXT_TOKEN upward mark UTF-8 text too long
 * for one message. The official SDK (tokens below 999999) receives such a
 * message as bytes; our SDK turns it back into a string.
 */
import { DATA_CHUNK_BYTES } from '../core/defaults.js';

export const TEXT_TOKEN = 1_000_000_000;
const HEADER_BYTES = 8;
const TOKEN_BYTES = 4;

/** A token for one message: below 999999 like Ant Media's, or in our text range. */
export function messageToken(isText: boolean, random: () => number = Math.random): number {
  const token = Math.floor(random() * 999_999);
  return isText ? TEXT_TOKEN + token : token;
}

/** The header, then the chunks, of one message (generated lazily: the caller waits for buffer room between them). */
export function* frames(payload: Uint8Array, token: number, chunkBytes = DATA_CHUNK_BYTES): Generator<ArrayBuffer> {
  const header = new DataView(new ArrayBuffer(HEADER_BYTES));
  header.setInt32(0, token, true);
  header.setInt32(4, payload.byteLength, true);
  yield header.buffer;
  for (let offset = 0; offset < payload.byteLength; offset += chunkBytes) {
    const part = payload.subarray(offset, Math.min(offset + chunkBytes, payload.byteLength));
    const chunk = new Uint8Array(TOKEN_BYTES + part.byteLength);
    new DataView(chunk.buffer).setInt32(0, token, true);
    chunk.set(part, TOKEN_BYTES);
    yield chunk.buffer;
  }
}

export interface Reassembled {
  bytes: ArrayBuffer;
  /** Undefined for a binary message that was not framed. */
  token: number | undefined;
}

/** Collects chunks per token; completed messages are forgotten (the official SDK's map leaks them). */
export class Reassembler {
  private readonly partial = new Map<number, { bytes: Uint8Array; received: number }>();

  /** Returns a message when `buffer` completes one. */
  push(buffer: ArrayBuffer): Reassembled | undefined {
    if (buffer.byteLength < TOKEN_BYTES) return { bytes: buffer, token: undefined };
    const view = new DataView(buffer);
    const token = view.getInt32(0, true);
    const entry = this.partial.get(token);
    if (entry) {
      const part = new Uint8Array(buffer, TOKEN_BYTES);
      entry.bytes.set(part.subarray(0, entry.bytes.byteLength - entry.received), entry.received);
      entry.received += part.byteLength;
      if (entry.received < entry.bytes.byteLength) return undefined;
      this.partial.delete(token);
      return { bytes: entry.bytes.buffer as ArrayBuffer, token };
    }
    if (buffer.byteLength !== HEADER_BYTES) return { bytes: buffer, token: undefined };
    const total = view.getInt32(4, true);
    if (total <= 0) return { bytes: new ArrayBuffer(0), token };
    this.partial.set(token, { bytes: new Uint8Array(total), received: 0 });
    return undefined;
  }

  clear(): void {
    this.partial.clear();
  }
}
