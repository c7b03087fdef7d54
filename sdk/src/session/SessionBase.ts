/**
 * What every session shows its user: typed events, the state, stats, and the
 * data channel. StreamSession adds the lifecycle (request, recovery) on top.
 */
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DataChannel, type DataMessage, type DataPayload } from '../data/DataChannel.js';
import type { DataChannelLike, MediaKind, PeerConnectionState, PeerSession } from '../peer/PeerSession.js';
import type { ServerMessage } from '../protocol/index.js';
import { StatsFeed } from '../stats/StatsFeed.js';
import type { StreamStats } from '../stats/StatsSampler.js';
import type { SessionContext } from './SessionContext.js';

export interface ReconnectingInfo {
  /** 0 when the loss is noticed, then 1, 2, … before each attempt. */
  attempt: number;
  delayMs: number;
  error: RelayError;
}

export interface SessionEvents<S extends string> {
  state: S;
  /** A failure (the session is then 'failed'), or a server error that did not end a live stream. */
  error: RelayError;
  connectionState: PeerConnectionState;
  /** Server notifications for this stream that have no dedicated event (bitrateMeasurement, …). */
  notification: ServerMessage & { command: 'notification' };
  /** Every `statsIntervalMs` while live and listened to. */
  stats: StreamStats;
  reconnecting: ReconnectingInfo;
  reconnected: undefined;
  /** A data-channel message. */
  message: DataMessage;
  dataOpen: undefined;
  dataClose: undefined;
}

export abstract class SessionBase<S extends string, E extends SessionEvents<S>> {
  readonly streamId: string;
  protected readonly context: SessionContext;
  protected readonly logger: Logger;
  protected readonly events: Emitter<E>;
  protected peer: PeerSession | undefined;
  protected data: DataChannel | undefined;
  protected readonly stats: StatsFeed;
  private stateValue: S;

  protected constructor(kind: string, streamId: string, context: SessionContext) {
    this.streamId = streamId;
    this.context = context;
    this.stateValue = 'connecting' as S;
    this.logger = context.logger.child(`${kind}:${streamId}`);
    this.events = new Emitter((error, name) => this.logger.error(`listener of '${name}' threw`, error));
    this.stats = new StatsFeed(context.scheduler, context.statsIntervalMs, {
      report: () => this.peer?.getStats(),
      wanted: () => this.events.listenerCount('stats') > 0,
      emit: (stats) => this.events.safeEmit('stats', stats as E['stats']),
    });
  }

  get state(): S {
    return this.stateValue;
  }

  on<K extends keyof E>(name: K, listener: (payload: E[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  once<K extends keyof E>(name: K, listener: (payload: E[K]) => void): Unsubscribe {
    return this.events.once(name, listener);
  }

  /** The RTCStatsReport of this stream's peer connection. */
  getStats(): Promise<RTCStatsReport> {
    if (!this.peer) return Promise.reject(new RelayError('NOT_CONNECTED', `'${this.streamId}' has no peer connection`));
    return this.peer.getStats();
  }

  /** Bitrates, loss, RTT, jitter, fps, resolution… since the previous sample (or the connection's start). */
  async getStreamStats(): Promise<StreamStats> {
    return this.sampleStats(await this.getStats());
  }

  /** getStreamStats() from a report already read (this stream's own): rates since the previous sample. */
  sampleStats(report: RTCStatsReport): StreamStats {
    return this.stats.sample(report);
  }

  /** The RTCRtpSender sending `kind` on this stream's connection; null when it sends none. */
  sender(kind: MediaKind): RTCRtpSender | null {
    return (this.peer && this.peer.sender && this.peer.sender(kind)) || null;
  }

  /** The media connection's state now (also the `connectionState` event). */
  get connectionState(): PeerConnectionState {
    return this.peer ? this.peer.connectionState : 'closed';
  }

  /** True while the data channel is open (it may open before publish()/play() resolves: check this, then listen for `dataOpen`). */
  get dataChannelOpen(): boolean {
    return this.data !== undefined && this.data.isOpen;
  }

  /** Sends text, binary or a Blob on the data channel; large messages are chunked with backpressure. */
  send(payload: DataPayload): Promise<void> {
    if (!this.data) return Promise.reject(new RelayError('DATA_CHANNEL_NOT_OPEN', `'${this.streamId}' has no data channel`));
    return this.data.send(payload);
  }

  sendJSON(value: unknown): Promise<void> {
    return this.send(JSON.stringify(value));
  }

  protected setState(state: S): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.events.safeEmit('state', state as E['state']);
  }

  /** The events every session has, typed without the subclass's extras. */
  protected get base(): Emitter<SessionEvents<S>> {
    return this.events as unknown as Emitter<SessionEvents<S>>;
  }

  /** Wraps a data channel (ours or the remote side's) and forwards its events. */
  protected attachData(channel: DataChannelLike): void {
    const data = new DataChannel(channel, this.logger);
    this.data = data;
    data.on('open', () => this.base.safeEmit('dataOpen'));
    data.on('close', () => this.data === data && this.base.safeEmit('dataClose'));
    data.on('message', (message) => this.events.safeEmit('message', message as E['message']));
    data.on('error', (error) => this.events.safeEmit('error', error as E['error']));
  }

  protected closePeer(): void {
    this.stats.stop();
    // Its own close event comes later and is ignored (this.data is no longer it): say it here.
    const wasOpen = this.dataChannelOpen;
    this.data = undefined;
    this.peer?.close();
    this.peer = undefined;
    if (wasOpen) this.base.safeEmit('dataClose');
  }
}
