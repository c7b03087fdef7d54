/**
 * In a viewer worker: stands in for the stream's data channel hub, which
 * lives on the main thread. A viewer's channels are announced there, and
 * messages cross in both directions.
 */
import type { DataEndpoint, DataMessage, PlayerDataHub } from '../relay/dataChannelHub.js';
import { dataMessageFromWire, dataMessageToWire, type FromWorker, type WireDataMessage } from './messages.js';

export class WorkerDataHub implements PlayerDataHub {
  private nextChannelId = 1;
  private readonly endpoints = new Map<number, DataEndpoint>();
  private readonly channelIds = new Map<DataEndpoint, number>();

  constructor(
    private readonly viewerId: number,
    private readonly post: (message: FromWorker) => void,
  ) {}

  addPlayer(endpoint: DataEndpoint): () => void {
    const channelId = this.nextChannelId++;
    this.endpoints.set(channelId, endpoint);
    this.channelIds.set(endpoint, channelId);
    this.post({ type: 'dataAttached', viewerId: this.viewerId, channelId });
    return () => {
      if (!this.endpoints.delete(channelId)) return;
      this.channelIds.delete(endpoint);
      this.post({ type: 'dataClosed', viewerId: this.viewerId, channelId });
    };
  }

  fromPlayer(source: DataEndpoint, message: DataMessage): void {
    const channelId = this.channelIds.get(source);
    if (channelId !== undefined) this.post({ type: 'dataFromPlayer', viewerId: this.viewerId, channelId, message: dataMessageToWire(message) });
  }

  /** A message the main thread's hub sent to one of this viewer's channels. */
  deliver(channelId: number, message: WireDataMessage): void {
    this.endpoints.get(channelId)?.send(dataMessageFromWire(message));
  }
}
