/**
 * Ant Media's `WebRTCAdaptor` (antmedia-protocol.md §2, §3, §5) on top of the
 * modern API: the same constructor options, method names and
 * `callback(info, obj)` / `callbackError(error, message)` strings, so a page
 * written for `@antmedia/webrtc_adaptor` switches by changing its import.
 * It delegates; it does not implement (media lives in LocalMedia, streams in
 * Publisher, Player and PeerCall).
 */
import { isRelayError, RelayError } from '../core/errors.js';
import type { TimerHandle } from '../core/scheduler.js';
import type { PeerCall } from '../PeerCall.js';
import type { Player } from '../Player.js';
import { Notification, type ServerMessage, type ServerMessageOf } from '../protocol/index.js';
import type { Publisher } from '../Publisher.js';
import { LocalMedia } from '../media/LocalMedia.js';
import { RelayClient } from '../RelayClient.js';
import { StatsSampler } from '../stats/StatsSampler.js';
import type { WebRTCAdaptorOptions } from './AdaptorBase.js';
import { RoomAdaptor } from './RoomAdaptor.js';
import { getUrlParameter } from './antMediaNames.js';
import { peerStats, type PeerStats } from './peerStats.js';
import { sanitizeHtml } from './sanitizeHtml.js';
import { reportError, reportTrack, wireSession, type AnySession, type SessionWiring } from './sessionEvents.js';

/** How long a refused publish or play waits before it is sent again (the official SDK's reconnectIfRequired delay). */
const RETRY_MS = 3000;

const STARTED: string[] = [Notification.publishStarted, Notification.playStarted, Notification.sessionRestored, Notification.joined];

interface PlayRequest {
  streamId: string;
  token?: string;
  roomId?: string;
  enableTracks?: string[];
  subscriberId?: string;
  subscriberCode?: string;
  disableTracksByDefault?: boolean;
}

interface Entry extends SessionWiring {
  session: AnySession;
  startTime: number;
  statsTimer?: ReturnType<typeof setInterval>;
}

/** Ant Media's WebRTCAdaptor: its options, method names and callback strings, over RelayClient. */
export class WebRTCAdaptor extends RoomAdaptor {
  /** Ant Media's 1200 kbit/s default video cap; read at publish(). */
  bandwidth: number | 'unlimited';
  isPlayMode: boolean;
  onlyDataChannel: boolean;
  dataChannelEnabled: boolean;
  readonly idMapping: Record<string, Record<string, string>> = {};
  private readonly entries: Record<string, Entry> = {};
  /** Streams being opened, each with its *_started notification once it came. */
  private readonly opening: Record<string, { started: ServerMessageOf<'notification'> | null }> = {};
  /** Publishes and plays refused for a while (the id in use, a busy server), to be sent again. */
  private readonly retries: Record<string, TimerHandle> = {};

  constructor(options: WebRTCAdaptorOptions) {
    super(options);
    this.bandwidth = options.bandwidth ?? 1200;
    this.isPlayMode = !!options.isPlayMode;
    this.onlyDataChannel = !!options.onlyDataChannel;
    this.dataChannelEnabled = options.dataChannelEnabled !== false;
    const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (devices && typeof devices.getDisplayMedia === 'function') this.callback('browser_screen_share_supported');
    this.initPlugins();
    if (options.initializeComponents !== false) void this.initialize();
  }

  // --- lifecycle ---------------------------------------------------------------

  /** Captures camera/mic (unless play mode, data only or a `localStream` given), then opens the WebSocket. */
  async initialize(): Promise<string> {
    const given = this.options.localStream;
    if (given && !this.localMedia) this.useMedia(new LocalMedia(given, this.mediaConstraints));
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

  /** Reconnection is automatic here; this only reopens a WebSocket that was closed for good. */
  reconnectIfRequired(): void {
    this.checkWebSocketConnection();
  }

  /** Ant Media's manual retry: the same as reconnectIfRequired here. */
  tryAgain(): void {
    this.checkWebSocketConnection();
  }

  closePeerConnection(streamId: string): void {
    this.forget(streamId);
  }

  /** Stops every stream and sound meter and closes the WebSocket. */
  closeWebSocket(): void {
    this.stopAllStreams();
    this.levels.stopAll();
    this.client?.close();
  }

  protected stopAllStreams(): void {
    for (const id of Object.keys(this.entries).concat(Object.keys(this.retries))) this.forget(id);
  }

  // --- streams -------------------------------------------------------------------

  publish(streamId: string, token?: string, _subscriberId?: string, _subscriberCode?: string, streamName?: string, mainTrack?: string, metaData?: string): void {
    this.publishStreamId = streamId;
    const source = this.onlyDataChannel ? null : this.localMedia;
    this.start(streamId, 'publisher', (client) =>
      client.publish(streamId, source, {
        token,
        streamName,
        metaData,
        mainTrack: mainTrack || undefined,
        maxBitrateKbps: this.videoCapKbps,
        degradationPreference: this.options.degradationPreference,
        dataChannel: this.dataChannelEnabled,
      }),
    );
  }

  /**
   * `play(streamId, token, roomId, enableTracks, subscriberId, subscriberCode)` or `play({ streamId, token, roomId, … })`.
   * Our published stream goes as `userPublishId` (a room play then leaves our own tracks out), as the
   * official SDK sends it. A stream that is not live yet is waited for (`no_stream_exist` is still
   * reported): played as soon as it starts, as the official SDK's retries do, unless `reconnectIfRequiredFlag` is false.
   */
  play(streamIdOrOptions: string | PlayRequest, token?: string, roomId?: string, enableTracks?: string[], subscriberId?: string, subscriberCode?: string): void {
    const request: PlayRequest = typeof streamIdOrOptions === 'string' ? { streamId: streamIdOrOptions, token, roomId, enableTracks, subscriberId, subscriberCode } : streamIdOrOptions;
    const { streamId, roomId: room, token: playToken, subscriberId: id, subscriberCode: code, enableTracks: trackList, disableTracksByDefault } = request;
    const options = { token: playToken, subscriberId: id, subscriberCode: code, trackList, disableTracksByDefault, room: room || undefined };
    const waitForStream = this.options.reconnectIfRequiredFlag !== false;
    this.start(streamId, 'player', (client) => client.play(streamId, { ...options, userPublishId: this.publishStreamId ?? undefined, waitForStream }));
  }

  /** `play({ streamId, token, roomId, enableTracks, … })` under its other name. */
  playStream(request: PlayRequest): void {
    this.play(request);
  }

  /** `bandwidth` as a cap for publish() and join(), in kbit/s. */
  private get videoCapKbps(): number | undefined {
    return this.bandwidth === 'unlimited' ? undefined : this.bandwidth;
  }

  /** Peer-to-peer: joins the call `streamId`; the first member offers when the second joins. */
  join(streamId: string): void {
    const { degradationPreference } = this.options;
    const media = this.isPlayMode ? null : this.localMedia;
    this.start(streamId, 'player', (client) => client.call(streamId, { media, maxBitrateKbps: this.videoCapKbps, degradationPreference }));
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

  /** Sends `stream`'s video track on `streamId` instead of the current one (replaceTrack: no renegotiation). */
  updateVideoTrack(stream: MediaStream, streamId: string, onEnded?: (event: Event) => void): Promise<void> {
    return this.replaceSent(streamId, 'video', stream, onEnded);
  }

  /** Sends `stream`'s audio track on `streamId` instead of the current one (replaceTrack: no renegotiation). */
  updateAudioTrack(stream: MediaStream, streamId: string, onEnded?: (event: Event) => void): Promise<void> {
    return this.replaceSent(streamId, 'audio', stream, onEnded);
  }

  sendData(streamId: string, data: string | ArrayBuffer | ArrayBufferView | Blob): void {
    const entry = this.entries[streamId];
    if (!entry) return reportError(this, new RelayError('DATA_CHANNEL_NOT_OPEN', `No stream '${streamId}'`), streamId);
    entry.session.send(data).catch((error: unknown) => reportError(this, error, streamId));
  }

  /** `<` and `>` escaped, for text a page shows as HTML (received text arrives escaped already: see sanitizeHtml). */
  sanitizeHTML(text: string): string {
    return sanitizeHtml(text);
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
      const result = this.parseStats(await entry.session.getStats(), streamId);
      this.callback('updated_stats', result);
      return result;
    } catch {
      return false;
    }
  }

  /**
   * Ant Media's parseStats: `stats`, a report of `streamId`'s connection, as PeerStats (rates
   * since the stream's previous sample). Like Ant Media's, it returns and emits nothing; getStats emits.
   */
  parseStats(stats: RTCStatsReport, streamId: string): PeerStats {
    const entry = this.entries[streamId];
    const now = Date.now();
    const sample = entry ? entry.session.sampleStats(stats) : new StatsSampler(now).sample(stats, now);
    return peerStats(streamId, entry ? entry.startTime : now, stats, sample);
  }

  /** The RTCRtpSender of the video `streamId` sends (for setParameters…); null when it sends none. */
  getVideoSender(streamId: string): RTCRtpSender | null {
    return this.getSender(streamId, 'video');
  }

  /** The RTCRtpSender of the `kind` track `streamId` sends; null when it sends none. */
  getSender(streamId: string, kind: 'audio' | 'video'): RTCRtpSender | null {
    const entry = this.entries[streamId];
    return entry ? entry.session.sender(kind) : null;
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

  // --- internals -------------------------------------------------------------------

  private replaceSent(streamId: string, kind: 'audio' | 'video', stream: MediaStream, onEnded?: (event: Event) => void): Promise<void> {
    const publisher = this.entries[streamId]?.session as Publisher | undefined;
    const track = kind === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
    let result: Promise<void>;
    if (!publisher || typeof publisher.replaceTrack !== 'function') {
      result = Promise.reject(new RelayError('NOT_CONNECTED', `No stream '${streamId}' is being published`, { streamId }));
    } else if (!track) {
      result = Promise.reject(new TypeError(`the stream has no ${kind} track`));
    } else {
      result = publisher.replaceTrack(kind, track);
      if (onEnded) track.addEventListener('ended', onEnded);
    }
    result.catch((error: unknown) => reportError(this, error, streamId));
    return result;
  }

  private start(streamId: string, role: 'publisher' | 'player', open: (client: RelayClient) => Promise<AnySession>): void {
    const client = this.client;
    if (!client) return reportError(this, new RelayError('NOT_CONNECTED', 'Call initialize() first'));
    this.forget(streamId);
    const opening: { started: ServerMessageOf<'notification'> | null } = { started: null };
    this.opening[streamId] = opening;
    const done = () => {
      if (this.opening[streamId] === opening) delete this.opening[streamId];
    };
    open(client).then(
      (session) => {
        done();
        const entry: Entry = { session, startTime: Date.now(), iceState: null, remoteVideo: this.element(this.options.remoteVideoId, this.options.remoteVideoElement) };
        this.entries[streamId] = entry;
        wireSession(this, session, entry, role);
        const player = session as Player;
        if (role === 'player' && this.options.reconnectIfRequiredFlag !== false) {
          player.on('ended', () => this.playAgain(streamId, player, open));
        }
        if (player.remoteTracks) this.replayTracks(player, entry);
        // A channel that opened while the stream was set up, in the official SDK's order: a player's
        // before play_started (its page may send data there), a publisher's after publish_started.
        const channelOpen = session.dataChannelOpen;
        if (channelOpen && role === 'player') this.callback('data_channel_opened', streamId);
        if (opening.started) this.callback(opening.started.definition, opening.started);
        if (channelOpen && role !== 'player') this.callback('data_channel_opened', streamId);
      },
      (error: unknown) => {
        done();
        // stop() before the server answered: the application asked for it, nothing to report.
        if (isRelayError(error, 'ABORTED')) return;
        reportError(this, error, streamId);
        const inUse = role === 'publisher' && isRelayError(error, 'STREAM_ID_IN_USE');
        if (inUse || isRelayError(error, 'HIGH_RESOURCE_USAGE')) this.startLater(streamId, role, open);
      },
    );
  }

  /**
   * The publisher stopped (`play_finished`): play again, waiting for the stream to come back, as the
   * official SDK's retries do (`reconnection_attempt_for_player`, then `play_started` when it is back).
   */
  private playAgain(streamId: string, ended: Player, open: (client: RelayClient) => Promise<AnySession>): void {
    if (this.entries[streamId]?.session !== ended) return;
    this.callback('reconnection_attempt_for_player', streamId);
    this.start(streamId, 'player', open);
  }

  /**
   * A refusal that can clear (another tab still publishes the id, the server is busy): ask again in
   * RETRY_MS, after `reconnection_attempt_for_publisher`/`_for_player`, as the official SDK's retries do,
   * until it goes through or the page stops the id (unless `reconnectIfRequiredFlag` is false).
   */
  private startLater(streamId: string, role: 'publisher' | 'player', open: (client: RelayClient) => Promise<AnySession>): void {
    if (this.options.reconnectIfRequiredFlag === false) return;
    this.retries[streamId] = this.scheduler.setTimeout(() => {
      delete this.retries[streamId];
      this.callback(`reconnection_attempt_for_${role}`, streamId);
      this.start(streamId, role, open);
    }, RETRY_MS);
  }

  /** Tracks that arrived before play() resolved are reported now, as the official SDK reports them on arrival. */
  private replayTracks(player: Player, entry: Entry): void {
    this.idMapping[player.streamId] = player.idMapping;
    if (entry.remoteVideo) {
      entry.remoteVideo.srcObject = player.stream;
      return;
    }
    for (const remote of player.remoteTracks) reportTrack(this, player.streamId, remote, player.idMapping);
  }

  /** Stops the stream of that id, open or still opening (Ant Media pages stop a play that got no_stream_exist and publish under its id at once). */
  private forget(streamId: string): void {
    const entry = this.entries[streamId];
    delete this.opening[streamId];
    const retry = this.retries[streamId];
    if (retry !== undefined) this.scheduler.clearTimeout(retry);
    delete this.retries[streamId];
    if (!entry) {
      void this.client?.session(streamId)?.stop();
      return;
    }
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
        // publish_started/play_started/joined wait until the stream is set up here, so that an
        // application calling enableStats(), sendData()… in that callback finds it (as with Ant Media).
        const opening = message.streamId === undefined ? undefined : this.opening[message.streamId];
        if (opening && opening.started === null && STARTED.indexOf(message.definition) >= 0) {
          opening.started = message;
          return;
        }
        return this.callback(message.definition, message);
      case 'error':
        return this.callbackError(message.definition, message);
      case 'streamInformation':
      case 'roomInformation':
      case 'trackList':
      case 'peerMessageCommand':
        return this.callback(message.command, message);
      default:
        return;
    }
  }
}

export { getUrlParameter };
export type { AdaptorCallback, AdaptorErrorCallback, WebRTCAdaptorOptions } from './AdaptorBase.js';
