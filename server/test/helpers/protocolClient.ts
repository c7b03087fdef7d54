/** A minimal, independent client of the signaling protocol for integration tests. */
import WebSocket from 'ws';

export type WireMessage = Record<string, unknown> & { command: string };

export class ProtocolClient {
  readonly received: WireMessage[] = [];
  private waiters: Array<{ match: (m: WireMessage) => boolean; resolve: (m: WireMessage) => void }> = [];
  private readonly listeners = new Set<(m: WireMessage) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WireMessage;
      this.received.push(message);
      for (const listener of this.listeners) listener(message);
      const ready = this.waiters.filter((w) => w.match(message));
      this.waiters = this.waiters.filter((w) => !w.match(message));
      for (const waiter of ready) waiter.resolve(message);
    });
  }

  /** `options.autoPong: false` makes a client that no longer answers the server's pings (its network died). */
  static connect(url: string, options: WebSocket.ClientOptions = {}): Promise<ProtocolClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      ws.once('open', () => resolve(new ProtocolClient(ws)));
      ws.once('error', reject);
    });
  }

  send(message: Record<string, unknown> | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  onMessage(listener: (m: WireMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first message (already received or still to come) that matches. */
  next(match: (m: WireMessage) => boolean, timeoutMs = 5000, description = 'a matching message'): Promise<WireMessage> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return this.waitFor(match, timeoutMs, description);
  }

  /** The next message to arrive from now on that matches. */
  waitFor(match: (m: WireMessage) => boolean, timeoutMs = 5000, description = 'a matching message'): Promise<WireMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}; got ${JSON.stringify(this.received.slice(-5))}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  notification(definition: string, streamId: string, timeoutMs = 5000): Promise<WireMessage> {
    return this.next((m) => m.command === 'notification' && m.definition === definition && m.streamId === streamId, timeoutMs, `${definition} for ${streamId}`);
  }

  /** Resolves when the socket is closed (by either side). */
  whenClosed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
