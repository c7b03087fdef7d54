/**
 * Ant Media's `WebRTCAdaptor` (antmedia-protocol.md §2, §3, §5) on top of the
 * modern API: the same constructor options, method names and
 * `callback(info, obj)` / `callbackError(error, message)` strings, so a page
 * written for `@antmedia/webrtc_adaptor` switches by changing its import.
 * It delegates; it does not implement (media lives in LocalMedia, streams in
 * Publisher, Player and PeerCall).
 */
import { RelayError } from '../core/errors.js';
import { LocalMedia } from '../media/LocalMedia.js';
import type { PeerCall } from '../PeerCall.js';
import type { Player } from '../Player.js';
import type { ServerMessage } from '../protocol/index.js';
import type { Publisher } from '../Publisher.js';
import { RelayClient, type RelayClientOptions } from '../RelayClient.js';
import { getUrlParameter } from './antMediaNames.js';
import { peerStats, type PeerStats } from './peerStats.js';
import { reportError, wireSession, type AnySession, type Notify, type SessionWiring } from './sessionEvents.js';

export type AdaptorCallback = (info: string, obj?: unknown) => void;
export type AdaptorErrorCallback = (error: string, message?: unknown) => void;

/** Ant Media's constructor options (the ones this facade honours). */
export interface WebRTCAdaptorOptions {
  websocketURL?: string;
  /** Deprecated alias of websocketURL. */
  websocket_url?: string;
  mediaConstraints?: MediaStreamConstraints;
  peerconnection_config?: RTCConfiguration;
  localVideoId?: string;
  localVideoElement?: HTMLVideoElement;
  remoteVideoId?: string;
  remoteVideoElement?: HTMLVideoElement;
  isPlayMode?: boolean;
  onlyDataChannel?: boolean;
  dataChannelEnabled?: boolean;
  debug?: boolean;
  callback?: AdaptorCallback;
  callbackError?: AdaptorErrorCallback;
  reconnectIfRequiredFlag?: boolean;
  initializeComponents?: boolean;
  degradationPreference?: RTCDegradationPreference;
  /** Video cap in kbit/s, or 'unlimited' (Ant Media's default is 1200). */
  bandwidth?: number | 'unlimited';
  /** Ours, not Ant Media's: extra RelayClient options (statsIntervalMs, reconnect policy, test substitutes). */
  clientOptions?: Partial<RelayClientOptions>;
}

interface Entry extends SessionWiring {
  session: AnySession;
  startTime: number;
  statsTimer?: ReturnType<typeof setInterval>;
}

const byId = (id: string | undefined) => (id && typeof document !== 'undefined' ? document.getElementById(id) : null) as HTMLVideoElement | null;

export class WebRTCAdaptor implements Notify {
  /** Ant Media's 1200 kbit/s default video cap; read at publish(). */
  bandwidth: number | 'unlimited';
  mediaConstraints: MediaStreamConstraints;
  isPlayMode: boolean;
  onlyDataChannel: boolean;
  dataChannelEnabled: boolean;
  /** The camera and microphone, once initialize() captured them. */
  localMedia: LocalMedia | null = null;
  client: RelayClient | null = null;
  readonly idMapping: Record<string, Record<string, string>> = {};
  private readonly options: WebRTCAdaptorOptions;
  private readonly entries: Record<string, Entry> = {};
  private readonly listeners: AdaptorCallback[] = [];
  private readonly errorListeners: AdaptorErrorCallback[] = [];

  constructor(options: WebRTCAdaptorOptions) {
    const url = options.websocketURL || options.websocket_url;
    if (!url) throw new Error("WebSocket URL or HTTP Endpoint URL should be defined. It's mandatory");
    this.options = { ...options, websocketURL: url };
    this.bandwidth = options.bandwidth ?? 1200;
    this.mediaConstraints = options.mediaConstraints ?? { video: true, audio: true };
    this.isPlayMode = options.isPlayMode === true;
    this.onlyDataChannel = options.onlyDataChannel === true;
    this.dataChannelEnabled = options.dataChannelEnabled !== false;
    const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (devices && typeof devices.getDisplayMedia === 'function') this.callback('browser_screen_share_supported');
    if (options.initializeComponents !== false) void this.initialize();
  }

  // --- events ------------------------------------------------------------------

  addEventListener(listener: AdaptorCallback): void {
    this.listeners.push(listener);
  }

  addErrorEventListener(listener: AdaptorErrorCallback): void {
    this.errorListeners.push(listener);
  }

  /** @internal */
  callback(info: string, obj?: unknown): void {
    for (const listener of this.listeners) listener(info, obj);
    this.options.callback?.(info, obj);
  }

  /** @internal */
  callbackError(error: string, message?: unknown): void {
    for (const listener of this.errorListeners) listener(error, message);
    this.options.callbackError?.(error, message);
  }

  // --- lifecycle ---------------------------------------------------------------

  /** Captures camera/mic (unless play mode or data only), then opens the WebSocket. */
  async initialize(): Promise<string> {
    if (!this.isPlayMode && !this.onlyDataChannel && !this.localMedia) {
      try {
        await this.openStream(this.mediaConstraints);
      } catch (error) {
        reportError(this, error);
      }
    }
    this.checkWebSocketConnection();
    return "Wait 'initialized' callback from websocket";
  }

  /** Opens the WebSocket if there is none (it reconnects by itself afterwards). */
  checkWebSocketConnection(): void {
    if (this.client && this.client.state !== 'closed') return;
    const { peerconnection_config: config, reconnectIfRequiredFlag, debug } = this.options;
    const client = new RelayClient({
      url: this.options.websocketURL!,
      iceServers: config?.iceServers,
      reconnect: reconnectIfRequiredFlag !== false,
      logLevel: debug ? 'debug' : 'silent',
      ...this.options.clientOptions,
    });
    this.client = client;
    client.on('open', () => this.callback('initialized'));
    client.on('close', (info) => this.callback('closed', { code: info.code, reason: info.reason, wasClean: info.local }));
    client.on('message', (message) => this.forward(message));
    client.connect().catch((error: unknown) => reportError(this, error));
  }

  /** Stops every stream and closes the WebSocket. */
  closeWebSocket(): void {
    for (const id of Object.keys(this.entries)) this.forget(id);
    this.client?.close();
  }

  // --- streams -------------------------------------------------------------------

  publish(streamId: string, token?: string, _subscriberId?: string, _subscriberCode?: string, streamName?: string, _mainTrack?: string, metaData?: string): void {
    const source = this.onlyDataChannel ? null : this.localMedia;
    this.start(streamId, 'publisher', (client) =>
      client.publish(streamId, source, {
        token,
        streamName,
        metaData,
        maxBitrateKbps: this.bandwidth === 'unlimited' ? undefined : this.bandwidth,
        degradationPreference: this.options.degradationPreference,
        dataChannel: this.dataChannelEnabled,
      }),
    );
  }

  /** `play(streamId, token, roomId, enableTracks, subscriberId, subscriberCode)` or `play({ streamId, token, … })`. */
  play(streamIdOrOptions: string | { streamId: string; token?: string; subscriberId?: string; subscriberCode?: string }, token?: string, _roomId?: string, _enableTracks?: string[], subscriberId?: string, subscriberCode?: string): void {
    const request = typeof streamIdOrOptions === 'string' ? { streamId: streamIdOrOptions, token, subscriberId, subscriberCode } : streamIdOrOptions;
    const { streamId } = request;
    this.start(streamId, 'player', (client) => client.play(streamId, { token: request.token, subscriberId: request.subscriberId, subscriberCode: request.subscriberCode }));
  }

  /** Peer-to-peer: joins the call `streamId`; the first member offers when the second joins. */
  join(streamId: string): void {
    this.start(streamId, 'player', (client) => client.call(streamId, { media: this.isPlayMode ? null : this.localMedia }));
  }

  leave(streamId: string): void {
    this.stop(streamId);
  }

  stop(streamId: string): void {
    this.forget(streamId);
  }

  peerMessage(streamId: string, definition: string, data: unknown): void {
    const call = this.entries[streamId]?.session as PeerCall | undefined;
    if (call && typeof call.sendPeerMessage === 'function') call.sendPeerMessage(definition, data);
  }

  getStreamInfo(streamId: string): void {
    this.client?.getStreamInfo(streamId).catch((error: unknown) => reportError(this, error));
  }

  forceStreamQuality(streamId: string, streamHeight: number): void {
    const player = this.entries[streamId]?.session as Player | undefined;
    player?.forceStreamQuality(streamHeight).catch((error: unknown) => reportError(this, error));
  }

  changeBandwidth(bandwidth: number | 'unlimited', streamId: string): Promise<void> {
    const publisher = this.entries[streamId]?.session as Publisher | undefined;
    if (!publisher) return Promise.reject(new RelayError('NOT_CONNECTED', 'Video sender not found to change bandwidth. Streaming may not be active'));
    return publisher.changeBandwidth(bandwidth);
  }

  sendData(streamId: string, data: string | ArrayBuffer | ArrayBufferView | Blob): void {
    const entry = this.entries[streamId];
    if (!entry) return reportError(this, new RelayError('DATA_CHANNEL_NOT_OPEN', `No stream '${streamId}'`), streamId);
    entry.session.send(data).catch((error: unknown) => reportError(this, error, streamId));
  }

  iceConnectionState(streamId: string): RTCIceConnectionState | null {
    return this.entries[streamId]?.iceState ?? null;
  }

  signallingState(streamId: string): RTCSignalingState | null {
    return this.entries[streamId] ? 'stable' : null;
  }

  /** `{ [streamId]: { getStats() } }`, for pages that read stats from the peer connection. */
  get remotePeerConnection(): Record<string, { getStats(): Promise<RTCStatsReport> }> {
    const map: Record<string, { getStats(): Promise<RTCStatsReport> }> = {};
    for (const id of Object.keys(this.entries)) map[id] = { getStats: () => this.entries[id]!.session.getStats() };
    return map;
  }

  // --- stats ---------------------------------------------------------------------

  /** Resolves with Ant Media's PeerStats (also emitted as `updated_stats`), or false. */
  async getStats(streamId: string): Promise<PeerStats | false> {
    const entry = this.entries[streamId];
    if (!entry) return false;
    try {
      const [report, stats] = await Promise.all([entry.session.getStats(), entry.session.getStreamStats()]);
      const result = peerStats(streamId, entry.startTime, report, stats);
      this.callback('updated_stats', result);
      return result;
    } catch {
      return false;
    }
  }

  enableStats(streamId: string, periodMs = 5000): void {
    const entry = this.entries[streamId];
    if (!entry || entry.statsTimer !== undefined) return;
    entry.statsTimer = setInterval(() => void this.getStats(streamId), periodMs);
  }

  disableStats(streamId: string): void {
    const entry = this.entries[streamId];
    if (entry?.statsTimer !== undefined) clearInterval(entry.statsTimer);
    if (entry) entry.statsTimer = undefined;
  }

  // --- local media -----------------------------------------------------------------

  /** Captures `constraints` as the local stream and shows it in the local video element. */
  async openStream(constraints: MediaStreamConstraints): Promise<void> {
    this.localMedia?.stop();
    const media = await LocalMedia.capture(constraints);
    this.localMedia = media;
    const element = this.options.localVideoElement ?? byId(this.options.localVideoId);
    if (element) element.srcObject = media.stream;
    media.on('screenShareEnded', () => this.callback('screen_share_stopped'));
    media.on('devicechange', (devices) => this.callback('available_devices', devices.filter((d) => d.kind !== 'audiooutput')));
    void this.getDevices();
  }

  closeStream(): void {
    this.localMedia?.stop();
    this.localMedia = null;
  }

  /** Emits `available_devices` with the cameras and microphones. */
  async getDevices(): Promise<MediaDeviceInfo[]> {
    const devices = this.localMedia ? await this.localMedia.listDevices().catch(() => []) : [];
    const inputs = devices.filter((d) => d.kind !== 'audiooutput');
    this.callback('available_devices', inputs);
    return inputs;
  }

  muteLocalMic(): void {
    this.withMedia((media) => media.muteMicrophone());
  }

  unmuteLocalMic(): void {
    this.withMedia((media) => media.unmuteMicrophone());
  }

  turnOffLocalCamera(_streamId?: string): void {
    this.withMedia((media) => media.turnOffCamera());
  }

  turnOnLocalCamera(_streamId?: string): void {
    this.withMedia((media) => media.turnOnCamera());
  }

  switchVideoCameraCapture(_streamId: string, deviceId: string): Promise<void> {
    return this.withMedia((media) => media.switchCamera(deviceId));
  }

  switchAudioInputSource(_streamId: string, deviceId: string): Promise<void> {
    return this.withMedia((media) => media.switchMicrophone(deviceId));
  }

  /** Shares the screen instead of the camera; `screen_share_stopped` when the user ends it. */
  switchDesktopCapture(_streamId?: string): Promise<void> {
    return this.withMedia((media) => media.startScreenShare());
  }

  /** Applies `{ audio?, video? }` constraints to the live tracks (a bare object means video). */
  applyConstraints(constraints: MediaStreamConstraints | MediaTrackConstraints): Promise<void> {
    const split = constraints as MediaStreamConstraints;
    const byKind = 'audio' in split || 'video' in split ? split : { video: constraints as MediaTrackConstraints };
    return this.withMedia(async (media) => {
      for (const track of media.stream.getTracks()) {
        const wanted = byKind[track.kind as 'audio' | 'video'];
        if (typeof wanted === 'object') await track.applyConstraints(wanted);
      }
    });
  }

  // --- internals -------------------------------------------------------------------

  private withMedia<T>(action: (media: LocalMedia) => T | Promise<T>): Promise<T> {
    const media = this.localMedia;
    const result = media
      ? Promise.resolve().then(() => action(media))
      : Promise.reject(new RelayError('NO_LOCAL_MEDIA', 'There is no local stream'));
    result.catch((error: unknown) => reportError(this, error));
    return result;
  }

  private start(streamId: string, role: 'publisher' | 'player', open: (client: RelayClient) => Promise<AnySession>): void {
    const client = this.client;
    if (!client) return reportError(this, new RelayError('NOT_CONNECTED', 'Call initialize() first'));
    if (this.entries[streamId]) this.forget(streamId);
    open(client).then(
      (session) => {
        const entry: Entry = { session, startTime: Date.now(), iceState: null, remoteVideo: this.options.remoteVideoElement ?? byId(this.options.remoteVideoId) };
        this.entries[streamId] = entry;
        wireSession(this, session, entry, role);
        if (session.dataChannelOpen) this.callback('data_channel_opened', streamId);
        const player = session as Player;
        if (player.remoteTracks) this.replayTracks(player, entry);
      },
      (error: unknown) => reportError(this, error, streamId),
    );
  }

  /** Tracks that arrived before play() resolved are reported now, as the official SDK reports them on arrival. */
  private replayTracks(player: Player, entry: Entry): void {
    this.idMapping[player.streamId] = player.idMapping;
    const stream = player.stream!;
    if (entry.remoteVideo) {
      entry.remoteVideo.srcObject = stream;
      return;
    }
    for (const { track, mid } of player.remoteTracks) {
      const info = { stream, track, streamId: player.streamId, trackId: mid === null ? undefined : player.idMapping[mid] };
      this.callback('newTrackAvailable', info);
      this.callback('newStreamAvailable', info);
    }
  }

  private forget(streamId: string): void {
    const entry = this.entries[streamId];
    if (!entry) return;
    this.disableStats(streamId);
    delete this.entries[streamId];
    void entry.session.stop();
  }

  /** Every server notification and error reaches the application, as the official SDK forwards them. */
  private forward(message: ServerMessage): void {
    switch (message.command) {
      case 'pong':
        return this.callback('pong');
      case 'notification':
        return this.callback(message.definition, message);
      case 'error':
        return this.callbackError(message.definition, message);
      case 'streamInformation':
      case 'peerMessageCommand':
        return this.callback(message.command, message);
      default:
        return;
    }
  }
}

export { getUrlParameter };
