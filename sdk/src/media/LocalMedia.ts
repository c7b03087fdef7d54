/**
 * The local camera and microphone as one MediaStream that can change under a
 * publisher without renegotiation: mute, camera off, switching devices and
 * sharing the screen replace or disable tracks, and every replacement is an
 * event that publishers and calls turn into `RTCRtpSender.replaceTrack`.
 */
import { CAPTURE_CONSTRAINTS } from '../core/defaults.js';
import { Emitter, type Unsubscribe } from '../core/emitter.js';
import { RelayError } from '../core/errors.js';
import type { MediaKind } from '../peer/PeerSession.js';
import { listDevices, onDeviceChange } from './devices.js';
import { getDisplayMedia } from './getDisplayMedia.js';
import { getUserMedia } from './getUserMedia.js';

export interface LocalMediaEvents {
  /** A track was replaced (device switch, screen share); `stream` already holds it. */
  track: { kind: MediaKind; track: MediaStreamTrack };
  /** Mute, camera or screen-share state changed. */
  change: undefined;
  /** The user ended the screen share from the browser's own controls; the camera is back. */
  screenShareEnded: undefined;
  /** Devices were plugged in or out. */
  devicechange: MediaDeviceInfo[];
}

export class LocalMedia {
  readonly stream: MediaStream;
  private readonly events = new Emitter<LocalMediaEvents>();
  private readonly constraints: MediaStreamConstraints;
  private screenTrack: MediaStreamTrack | undefined;
  private cameraDeviceId: string | undefined;
  private offDeviceChange: Unsubscribe | undefined;

  /** Captures camera and microphone; rejects with a coded RelayError (MEDIA_PERMISSION_DENIED, …). */
  static async capture(constraints: MediaStreamConstraints = CAPTURE_CONSTRAINTS): Promise<LocalMedia> {
    return new LocalMedia(await getUserMedia(constraints), constraints);
  }

  /** Wraps a stream the application captured itself; `constraints` are reused when switching devices. */
  constructor(stream: MediaStream, constraints: MediaStreamConstraints = CAPTURE_CONSTRAINTS) {
    if (!stream || typeof stream.getTracks !== 'function') throw new TypeError('LocalMedia needs a MediaStream');
    this.stream = stream;
    this.constraints = constraints;
  }

  on<K extends keyof LocalMediaEvents>(name: K, listener: (payload: LocalMediaEvents[K]) => void): Unsubscribe {
    if (name === 'devicechange' && !this.offDeviceChange) {
      this.offDeviceChange = onDeviceChange((devices) => this.events.safeEmit('devicechange', devices));
    }
    return this.events.on(name, listener);
  }

  get microphoneMuted(): boolean {
    return this.stream.getAudioTracks().every((t) => !t.enabled);
  }

  get cameraOff(): boolean {
    return !this.screenTrack && this.stream.getVideoTracks().every((t) => !t.enabled);
  }

  get screenSharing(): boolean {
    return this.screenTrack !== undefined;
  }

  /** Sends silence (the track stays, so unmuting is instant). */
  muteMicrophone(): void {
    this.enable('audio', false);
  }

  unmuteMicrophone(): void {
    this.enable('audio', true);
  }

  /** Sends black frames; viewers keep their connection. */
  turnOffCamera(): void {
    this.enable('video', false);
  }

  turnOnCamera(): void {
    this.enable('video', true);
  }

  /** Opens another camera: a device id, or constraints such as `{ facingMode: 'environment' }`. */
  switchCamera(device: string | MediaTrackConstraints): Promise<void> {
    return this.switchDevice('video', device);
  }

  switchMicrophone(device: string | MediaTrackConstraints): Promise<void> {
    return this.switchDevice('audio', device);
  }

  /**
   * Changes what the tracks capture without opening the devices again: `{ video, audio }` by kind,
   * or track constraints for the camera (`{ width: 640, frameRate: 15 }`). A camera that changed
   * size is announced as a `track` event, so publishers send the simulcast layers the new picture gets.
   */
  async applyConstraints(constraints: MediaStreamConstraints | MediaTrackConstraints): Promise<void> {
    if (!constraints || typeof constraints !== 'object') throw new TypeError('applyConstraints() takes MediaStreamConstraints or camera MediaTrackConstraints');
    const split = constraints as MediaStreamConstraints;
    const byKind = 'audio' in split || 'video' in split ? split : { video: constraints as MediaTrackConstraints };
    for (const track of this.stream.getTracks()) {
      const kind = track.kind as MediaKind;
      const wanted = byKind[kind];
      if (typeof wanted !== 'object') continue;
      await track.applyConstraints(wanted);
      if (kind === 'video') this.events.safeEmit('track', { kind, track });
    }
  }

  /** Replaces the camera with a screen, window or tab the user picks. */
  async startScreenShare(constraints: MediaStreamConstraints = { video: true }): Promise<void> {
    const [track] = (await getDisplayMedia(constraints)).getVideoTracks();
    if (!track) throw new RelayError('SCREEN_SHARE_UNSUPPORTED', 'The screen capture had no video');
    const previous = this.stream.getVideoTracks()[0];
    if (previous && !this.screenTrack) this.cameraDeviceId = previous.getSettings().deviceId;
    // The camera is released while sharing (its light goes off) and re-opened afterwards.
    previous?.stop();
    this.screenTrack = track;
    track.addEventListener('ended', () => {
      if (this.screenTrack !== track) return;
      void this.stopScreenShare().then(() => this.events.safeEmit('screenShareEnded'));
    });
    this.replace('video', track);
  }

  /** Back to the camera used before the screen share. */
  async stopScreenShare(): Promise<void> {
    const screen = this.screenTrack;
    if (!screen) return;
    this.screenTrack = undefined;
    try {
      if (this.constraints.video) await this.switchDevice('video', this.cameraDeviceId);
      else this.replace('video', undefined);
    } finally {
      screen.stop();
    }
  }

  listDevices(): Promise<MediaDeviceInfo[]> {
    return listDevices();
  }

  /** Releases camera, microphone and screen. */
  stop(): void {
    this.screenTrack = undefined;
    for (const track of this.stream.getTracks()) track.stop();
    this.offDeviceChange?.();
    this.offDeviceChange = undefined;
  }

  private enable(kind: MediaKind, enabled: boolean): void {
    const tracks = kind === 'audio' ? this.stream.getAudioTracks() : this.stream.getVideoTracks();
    if (tracks.length === 0) throw new RelayError('NO_LOCAL_MEDIA', `There is no local ${kind === 'audio' ? 'microphone' : 'camera'}`);
    for (const track of tracks) track.enabled = enabled;
    this.events.safeEmit('change');
  }

  /** Captures `kind` from `device` (an id, constraints, or the default device) and swaps it in. */
  private async switchDevice(kind: MediaKind, device: string | MediaTrackConstraints | undefined): Promise<void> {
    const old = kind === 'audio' ? this.stream.getAudioTracks()[0] : this.stream.getVideoTracks()[0];
    const previous = old && old !== this.screenTrack ? old.getSettings().deviceId : this.cameraDeviceId;
    // Release the old device (or screen) first: some cameras cannot be opened twice.
    old?.stop();
    if (kind === 'video') this.screenTrack = undefined;
    let track: MediaStreamTrack;
    try {
      track = await this.open(kind, device);
    } catch (error) {
      // Not left with an ended track: the device used before (the camera, after a screen) comes back.
      if (old) await this.open(kind, previous).then((again) => this.put(kind, again, old), () => undefined);
      throw error;
    }
    this.put(kind, track, old);
  }

  /** One track of `kind` from `device` (an id, constraints, or the default device) with our constraints. */
  private async open(kind: MediaKind, device: string | MediaTrackConstraints | undefined): Promise<MediaStreamTrack> {
    const base = this.constraints[kind];
    const constraint: MediaTrackConstraints = { ...(typeof base === 'object' ? base : {}), ...(typeof device === 'object' ? device : {}) };
    if (typeof device === 'string' && device) constraint.deviceId = { exact: device };
    const [track] = (await getUserMedia({ [kind]: constraint })).getTracks();
    if (!track) throw new RelayError('MEDIA_NOT_FOUND', `No ${kind} device was found`);
    return track;
  }

  /** Swaps `track` in for `old`, muted or off as `old` was. */
  private put(kind: MediaKind, track: MediaStreamTrack, old: MediaStreamTrack | undefined): void {
    if (old) track.enabled = old.enabled;
    this.replace(kind, track);
  }

  private replace(kind: MediaKind, track: MediaStreamTrack | undefined): void {
    const tracks = kind === 'audio' ? this.stream.getAudioTracks() : this.stream.getVideoTracks();
    for (const old of tracks) if (old !== track) this.stream.removeTrack(old);
    if (track) {
      this.stream.addTrack(track);
      this.events.safeEmit('track', { kind, track });
    }
    this.events.safeEmit('change');
  }
}
