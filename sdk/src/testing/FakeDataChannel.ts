/** An in-memory RTCDataChannel: records what is sent, lets a test open, fill and drain it. */
import type { DataChannelLike } from '../peer/PeerSession.js';

export class FakeDataChannel implements DataChannelLike {
  readyState = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: Event) => void) | null = null;
  onerror: ((event: RTCErrorEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onbufferedamountlow: ((event: Event) => void) | null = null;
  readonly sent: Array<string | ArrayBuffer> = [];
  /** Bytes each send adds to bufferedAmount (0: the channel drains instantly). */
  bufferPerSend = 0;

  constructor(readonly label: string) {}

  send(data: string | ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== 'open') throw new Error('InvalidStateError: not open');
    const copy = typeof data === 'string' ? data : ArrayBuffer.isView(data) ? data.buffer.slice(0) : data.slice(0);
    this.sent.push(copy as string | ArrayBuffer);
    this.bufferedAmount += this.bufferPerSend;
  }

  close(): void {
    this.readyState = 'closed';
    this.onclose?.({} as Event);
  }

  open(): void {
    this.readyState = 'open';
    this.onopen?.({} as Event);
  }

  receive(data: string | ArrayBuffer): void {
    this.onmessage?.({ data } as MessageEvent);
  }

  /** The network took everything: bufferedAmount drops to 0 and `bufferedamountlow` fires. */
  drain(): void {
    this.bufferedAmount = 0;
    this.onbufferedamountlow?.({} as Event);
  }
}
