/** MediaStream, tracks and navigator.mediaDevices without a browser, for LocalMedia and publisher tests. */

export class FakeTrack {
  enabled = true;
  stopped = false;
  private readonly listeners: Array<() => void> = [];
  constructor(
    readonly kind: 'audio' | 'video',
    readonly id: string,
    readonly deviceId = `${id}-device`,
  ) {}
  stop(): void {
    this.stopped = true;
  }
  /** What applyConstraints() was given, in order. */
  readonly constraints: MediaTrackConstraints[] = [];
  getSettings(): MediaTrackSettings {
    return { deviceId: this.deviceId };
  }
  async applyConstraints(constraints: MediaTrackConstraints): Promise<void> {
    this.constraints.push(constraints);
  }
  addEventListener(_name: 'ended', listener: () => void): void {
    this.listeners.push(listener);
  }
  /** The source ended by itself (e.g. the user pressed the browser's "Stop sharing"). */
  end(): void {
    this.stopped = true;
    for (const listener of this.listeners) listener();
  }
}

export class FakeStream {
  readonly id = 'local';
  constructor(private tracks: FakeTrack[]) {}
  getTracks(): FakeTrack[] {
    return this.tracks.slice();
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack): void {
    if (this.tracks.indexOf(track) < 0) this.tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    this.tracks = this.tracks.filter((t) => t !== track);
  }
}

export const asStream = (stream: FakeStream) => stream as unknown as MediaStream;

/** Installs a fake navigator.mediaDevices; each capture hands out fresh tracks named after the request. */
/** `missing`: device ids getUserMedia refuses with an OverconstrainedError, as for an unplugged device. */
export function installFakeMediaDevices(options: { denyScreen?: boolean | string; missing?: string[] } = {}) {
  const requests: MediaStreamConstraints[] = [];
  const tracks: FakeTrack[] = [];
  let next = 1;
  const make = (kind: 'audio' | 'video', constraint: unknown) => {
    const exact = (constraint as { deviceId?: { exact?: string } } | undefined)?.deviceId?.exact;
    if (exact && options.missing?.includes(exact)) throw Object.assign(new Error('no such device'), { name: 'OverconstrainedError', constraint: 'deviceId' });
    const track = new FakeTrack(kind, `${kind}${next++}`, exact);
    tracks.push(track);
    return track;
  };
  const mediaDevices = {
    async getUserMedia(constraints: MediaStreamConstraints) {
      requests.push(constraints);
      const made: FakeTrack[] = [];
      if (constraints.audio) made.push(make('audio', constraints.audio));
      if (constraints.video) made.push(make('video', constraints.video));
      return new FakeStream(made);
    },
    async getDisplayMedia() {
      if (options.denyScreen) throw Object.assign(new Error('denied'), { name: options.denyScreen === true ? 'NotAllowedError' : options.denyScreen });
      const track = new FakeTrack('video', `screen${next++}`);
      tracks.push(track);
      return new FakeStream([track]);
    },
    async enumerateDevices() {
      return [{ kind: 'videoinput', deviceId: 'cam1', label: 'Camera 1' }];
    },
    addEventListener() {},
    removeEventListener() {},
  };
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { mediaDevices, userAgent: 'test' }, configurable: true });
  return {
    requests,
    tracks,
    restore() {
      if (previous) Object.defineProperty(globalThis, 'navigator', previous);
      else delete (globalThis as { navigator?: unknown }).navigator;
    },
  };
}
