/** Counts the server's open peer connections, so tests (and later metrics) can prove none leak. */
export class PeerTracker {
  private readonly open = new Set<object>();

  /** Registers a peer; the returned function unregisters it (idempotent). */
  track(peer: object): () => void {
    this.open.add(peer);
    return () => void this.open.delete(peer);
  }

  get openCount(): number {
    return this.open.size;
  }
}
