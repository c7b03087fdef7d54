/**
 * The half of the WebRTCAdaptor facade that needs no server: Ant Media's
 * options, its callback/listener model, and the local-media methods, all
 * delegated to LocalMedia (antmedia-protocol.md §2, §3.1, §5 "Local media").
 */
import { RelayError } from '../core/errors.js';
import { systemScheduler, type Scheduler } from '../core/scheduler.js';
import { LocalMedia } from '../media/LocalMedia.js';
import { webAudioSoundMeter, type SoundMeterFactory } from '../media/soundMeter.js';
import type { RelayClientOptions } from '../RelayClient.js';
import { AudioLevels } from './audioLevels.js';
import { reportError, type Notify } from './sessionEvents.js';

export type AdaptorCallback = (info: string, obj?: unknown) => void;
export type AdaptorErrorCallback = (error: string, message?: unknown) => void;

/** Ant Media's constructor options (the ones this facade honours). */
export interface WebRTCAdaptorOptions {
  websocketURL?: string;
  /** Deprecated alias of websocketURL. */
  websocket_url?: string;
  mediaConstraints?: MediaStreamConstraints;
  /** A stream the page made (a canvas, a processed camera…): published as it is, nothing captured. */
  localStream?: MediaStream;
  peerconnection_config?: RTCConfiguration;
  localVideoId?: string;
  localVideoElement?: HTMLVideoElement;
  remoteVideoId?: string;
  remoteVideoElement?: HTMLVideoElement;
  /** Taken for what it is worth, as the official SDK does: pages pass `getUrlParameter('playOnly')`, the string "true". */
  isPlayMode?: boolean | string;
  onlyDataChannel?: boolean | string;
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
  /** Ours, not Ant Media's: how sound meters read a track's level (Web Audio by default). */
  soundMeter?: SoundMeterFactory;
}

/** Ant Media's plugin hook: functions run on every new adaptor (WebRTCAdaptor.register). */
const plugins: Array<(adaptor: AdaptorBase) => void> = [];

const byId = (id: string | undefined) => (id && typeof document !== 'undefined' ? document.getElementById(id) : null) as HTMLVideoElement | null;

export abstract class AdaptorBase implements Notify {
  mediaConstraints: MediaStreamConstraints;
  /** The camera and microphone, once initialize() captured them. */
  localMedia: LocalMedia | null = null;
  protected readonly options: WebRTCAdaptorOptions;
  private readonly listeners: AdaptorCallback[] = [];
  private readonly errorListeners: AdaptorErrorCallback[] = [];
  protected readonly levels: AudioLevels;
  protected readonly scheduler: Scheduler;

  protected constructor(options: WebRTCAdaptorOptions) {
    const url = options.websocketURL || options.websocket_url;
    if (!url) throw new Error("WebSocket URL or HTTP Endpoint URL should be defined. It's mandatory");
    this.options = { ...options, websocketURL: url };
    this.mediaConstraints = options.mediaConstraints ?? { video: true, audio: true };
    const scheduler = (this.scheduler = options.clientOptions?.scheduler ?? systemScheduler);
    this.levels = new AudioLevels(scheduler, options.soundMeter ?? webAudioSoundMeter, (info, obj) => this.callback(info, obj));
  }

  /** Ant Media's plugin registration: `init(adaptor)` runs for every adaptor made from now on. */
  static register(init: (adaptor: AdaptorBase) => void): void {
    plugins.push(init);
  }

  /** Runs the registered plugins on this adaptor (the constructor does). */
  initPlugins(): void {
    for (const init of plugins) init(this);
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

  /** Ant Media's name for emitting an event to the callback and listeners. */
  notifyEventListeners(info: string, obj?: unknown): void {
    this.callback(info, obj);
  }

  notifyErrorEventListeners(error: string, message?: unknown): void {
    this.callbackError(error, message);
  }

  // --- local media -----------------------------------------------------------------

  /** Captures `constraints` as the local stream and shows it in the local video element. */
  async openStream(constraints: MediaStreamConstraints): Promise<void> {
    this.localMedia?.stop();
    const media = await LocalMedia.capture(constraints);
    const element = this.element(this.options.localVideoId, this.options.localVideoElement);
    if (element) element.srcObject = media.stream;
    this.useMedia(media);
  }

  /** Makes `media` the local stream (the page's own `localStream`, or what openStream captured). */
  protected useMedia(media: LocalMedia): void {
    this.localMedia = media;
    media.on('screenShareEnded', () => this.callback('screen_share_stopped'));
    media.on('devicechange', (devices) => this.callback('available_devices', devices.filter((d) => d.kind !== 'audiooutput')));
    void this.getDevices();
  }

  closeStream(): void {
    this.levels.disableLocal();
    this.levels.disableMutedSpeech();
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

  /**
   * An id that names no camera (sample pages pass their radio button's value, "camera") means the default
   * camera, as with the official SDK; while sharing the screen, the camera used before it.
   */
  switchVideoCameraCapture(_streamId: string, deviceId: string): Promise<void> {
    return this.withMedia(async (media) => {
      const devices = await media.listDevices().catch(() => []);
      if (devices.some((d) => d.kind === 'videoinput' && d.deviceId === deviceId)) return media.switchCamera(deviceId);
      return media.screenSharing ? media.stopScreenShare() : media.switchCamera({});
    });
  }

  switchAudioInputSource(_streamId: string, deviceId: string): Promise<void> {
    return this.withMedia((media) => media.switchMicrophone(deviceId));
  }

  /** Shares the screen instead of the camera; `screen_share_stopped` when the user ends it. */
  switchDesktopCapture(_streamId?: string): Promise<void> {
    return this.withMedia((media) => media.startScreenShare());
  }

  /** Ant Media composites the camera over the screen on a canvas; this facade shares the screen alone. */
  switchDesktopCaptureWithCamera(streamId?: string): Promise<void> {
    return this.switchDesktopCapture(streamId);
  }

  /** The screen, keeping the microphone (which this facade always keeps). */
  switchDesktopWithMicAudio(streamId?: string): Promise<void> {
    return this.switchDesktopCapture(streamId);
  }

  switchVideoCameraFacingMode(_streamId: string, facingMode: 'user' | 'environment'): Promise<void> {
    return this.withMedia((media) => media.switchCamera({ facingMode }));
  }

  /** Ant Media scales the microphone with a gain node; without one, 0 mutes and anything else unmutes. */
  setVolumeLevel(level: number): void {
    this.withMedia((media) => (Number(level) > 0 ? media.unmuteMicrophone() : media.muteMicrophone()));
  }

  /** Applies `{ audio?, video? }` constraints to the live tracks (a bare object means video): LocalMedia.applyConstraints. */
  applyConstraints(constraints: MediaStreamConstraints | MediaTrackConstraints | string, olderForm?: MediaStreamConstraints | MediaTrackConstraints): Promise<void> {
    // Older Ant Media SDKs took (streamId, constraints), and some of its sample pages still call it so.
    const given = (typeof constraints === 'string' ? olderForm : constraints) as MediaStreamConstraints;
    return this.withMedia((media) => media.applyConstraints(given));
  }

  // --- audio levels (Ant Media's sound meters) ----------------------------------------

  /** `levelCallback(level)` (0-1) every `period` ms with the microphone's level (Ant Media ignores the period; we keep it). */
  enableAudioLevelForLocalStream(levelCallback: (level: number) => void, period = 200): Promise<void> {
    return this.withMicrophone((track) => this.levels.enableLocal(track, levelCallback, period));
  }

  disableAudioLevelForLocalStream(): void {
    this.levels.disableLocal();
  }

  /** `speaking_but_muted` while the microphone is muted and hears speech (level > 0.1, every 200 ms). */
  enableAudioLevelWhenMuted(): Promise<void> {
    return this.withMicrophone((track, media) => this.levels.enableMutedSpeech(track, () => media.microphoneMuted));
  }

  disableAudioLevelWhenMuted(): void {
    this.levels.disableMutedSpeech();
  }

  /** Meters a remote stream's audio, for getSoundLevelList. */
  enableAudioLevel(stream: MediaStream, streamId: string): void {
    const track = stream.getAudioTracks()[0];
    if (track) this.levels.enableRemote(streamId, track);
    else reportError(this, new RelayError('MEDIA_NOT_FOUND', `'${streamId}' has no audio to meter`, { streamId }));
  }

  /** `gotSoundList` with each metered stream's level, `{ [streamId]: '0.00'…'1.00' }`. */
  getSoundLevelList(streamIds: readonly string[]): void {
    this.callback('gotSoundList', this.levels.soundLevels(streamIds));
  }

  private withMicrophone(action: (track: MediaStreamTrack, media: LocalMedia) => void): Promise<void> {
    return this.withMedia((media) => {
      const track = media.stream.getAudioTracks()[0];
      if (!track) throw new RelayError('NO_LOCAL_MEDIA', 'The local stream has no microphone');
      action(track, media);
    });
  }

  protected withMedia<T>(action: (media: LocalMedia) => T | Promise<T>): Promise<T> {
    const media = this.localMedia;
    const result = media
      ? Promise.resolve().then(() => action(media))
      : Promise.reject(new RelayError('NO_LOCAL_MEDIA', 'There is no local stream'));
    result.catch((error: unknown) => reportError(this, error));
    return result;
  }

  protected element(id: string | undefined, element: HTMLVideoElement | undefined): HTMLVideoElement | null {
    return element ?? byId(id);
  }
}
