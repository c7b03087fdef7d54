/**
 * One data channel: text, JSON and binary out, messages in. Binary (and text
 * too long for one message) goes out in Ant Media's chunks, one chunk at a
 * time, pausing on `bufferedamountlow` whenever the send buffer is full.
 */
import { DATA_HIGH_WATER_BYTES, DATA_LOW_WATER_BYTES, DATA_MAX_TEXT_BYTES } from '../core/defaults.js';
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { DataChannelLike } from '../peer/PeerSession.js';
import { frames, messageToken, Reassembler, TEXT_TOKEN } from './chunking.js';

/** What `send()` takes. */
export type DataPayload = string | ArrayBuffer | ArrayBufferView | Blob;

export interface DataMessage {
  /** Text arrives as a string, binary as an ArrayBuffer (reassembled from Ant Media's chunks). */
  data: string | ArrayBuffer;
  /** `data` parsed as JSON; throws a SyntaxError when it is not JSON text. */
  json<T = unknown>(): T;
}

export interface DataChannelEvents {
  open: undefined;
  close: undefined;
  message: DataMessage;
  error: RelayError;
}

function toMessage(data: string | ArrayBuffer): DataMessage {
  return { data, json: () => JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data)) };
}

export class DataChannel {
  readonly label: string;
  private readonly events: Emitter<DataChannelEvents>;
  private readonly reassembler = new Reassembler();
  private tail: Promise<void> = Promise.resolve();
  private drained: (() => void) | undefined;

  constructor(
    private readonly channel: DataChannelLike,
    logger: Logger,
  ) {
    this.label = channel.label;
    this.events = new Emitter((error, name) => logger.error(`listener of '${name}' threw`, error));
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = DATA_LOW_WATER_BYTES;
    // A remote channel can be 'open' already when it is announced, and its open event still come after:
    // that is no second opening (the session reports it from isOpen).
    let announced = channel.readyState === 'open';
    channel.onopen = () => {
      if (!announced) this.events.safeEmit('open');
      announced = true;
    };
    channel.onclose = () => {
      this.reassembler.clear();
      this.wake();
      this.events.safeEmit('close');
    };
    channel.onerror = (event) => {
      if (channel.readyState === 'closed') return;
      const cause = event.error ?? event;
      this.events.safeEmit('error', new RelayError('DATA_CHANNEL_NOT_OPEN', `The data channel '${this.label}' failed`, { cause }));
    };
    channel.onbufferedamountlow = () => this.wake();
    channel.onmessage = (event) => this.receive(event.data);
  }

  get isOpen(): boolean {
    return this.channel.readyState === 'open';
  }

  on<K extends keyof DataChannelEvents>(name: K, listener: (payload: DataChannelEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  /**
   * Queues one message; resolves once all of it is handed to the channel.
   * Rejects with 'DATA_CHANNEL_NOT_OPEN' when the channel is (or becomes) closed.
   */
  send(payload: DataPayload): Promise<void> {
    if (typeof payload !== 'string' && !(payload instanceof ArrayBuffer) && !ArrayBuffer.isView(payload) && !isBlob(payload)) {
      return Promise.reject(new TypeError('send() takes a string, an ArrayBuffer, a typed array or a Blob'));
    }
    if (!this.isOpen) return Promise.reject(this.notOpen());
    const run = this.tail.then(() => this.sendNow(payload));
    this.tail = run.catch(() => undefined);
    return run;
  }

  sendJSON(value: unknown): Promise<void> {
    return this.send(JSON.stringify(value));
  }

  close(): void {
    this.channel.close();
  }

  private async sendNow(payload: DataPayload): Promise<void> {
    if (typeof payload === 'string') {
      const bytes = new TextEncoder().encode(payload);
      if (bytes.byteLength <= DATA_MAX_TEXT_BYTES) return this.sendFrame(payload);
      return this.sendFramed(bytes, messageToken(true));
    }
    const bytes = isBlob(payload)
      ? new Uint8Array(await payload.arrayBuffer())
      : payload instanceof ArrayBuffer
        ? new Uint8Array(payload)
        : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
    return this.sendFramed(bytes, messageToken(false));
  }

  private async sendFramed(bytes: Uint8Array, token: number): Promise<void> {
    for (const frame of frames(bytes, token)) await this.sendFrame(frame);
  }

  /** Sends one frame, first waiting while the buffer is above the high-water mark. */
  private async sendFrame(frame: string | ArrayBuffer): Promise<void> {
    while (this.isOpen && this.channel.bufferedAmount > DATA_HIGH_WATER_BYTES) {
      await new Promise<void>((resolve) => (this.drained = resolve));
    }
    if (!this.isOpen) throw this.notOpen();
    this.channel.send(frame);
  }

  private receive(data: unknown): void {
    if (typeof data === 'string') {
      this.events.safeEmit('message', toMessage(data));
      return;
    }
    if (!(data instanceof ArrayBuffer)) return;
    const complete = this.reassembler.push(data);
    if (!complete) return;
    const isText = complete.token !== undefined && complete.token >= TEXT_TOKEN;
    this.events.safeEmit('message', toMessage(isText ? new TextDecoder().decode(complete.bytes) : complete.bytes));
  }

  private wake(): void {
    const drained = this.drained;
    this.drained = undefined;
    drained?.();
  }

  private notOpen(): RelayError {
    return new RelayError('DATA_CHANNEL_NOT_OPEN', `The data channel '${this.label}' is not open`);
  }
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}
