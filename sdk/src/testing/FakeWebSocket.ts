/** An in-memory WebSocket for tests: records what the SDK sends, lets a test play the server. */
import type { WebSocketCloseInfo, WebSocketConstructor, WebSocketLike } from '../signaling/webSocket.js';

export class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: WebSocketCloseInfo) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: string[] = [];
  closedWith: WebSocketCloseInfo | undefined;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
    this.sent.push(data);
  }

  close(code = 1000, reason = ''): void {
    this.readyState = 3;
    this.closedWith = { code, reason };
  }

  /** Server side: accept the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** Server side: send one frame (objects are JSON-encoded). */
  receive(message: object | string): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  /** Server side: drop the connection. */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** What the SDK sent, parsed; pings left out unless asked for. */
  messages(options: { pings?: boolean } = {}): Array<Record<string, unknown>> {
    const all = this.sent.map((text) => JSON.parse(text) as Record<string, unknown>);
    return options.pings ? all : all.filter((m) => m.command !== 'ping');
  }

  /** The commands sent so far, in order (pings left out). */
  commands(): string[] {
    return this.messages().map((m) => (m.command === 'takeConfiguration' ? `takeConfiguration:${String(m.type)}` : String(m.command)));
  }
}

/** A WebSocket constructor whose instances the test can reach. */
export function fakeWebSocketFactory(): { WebSocket: WebSocketConstructor; sockets: FakeWebSocket[]; last(): FakeWebSocket } {
  const sockets: FakeWebSocket[] = [];
  class TrackedFakeWebSocket extends FakeWebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return {
    WebSocket: TrackedFakeWebSocket,
    sockets,
    last() {
      const socket = sockets[sockets.length - 1];
      if (!socket) throw new Error('no WebSocket was created');
      return socket;
    },
  };
}
