/**
 * What the engine-neutral specs (e2e/sdk/) do inside the page, as
 * self-contained functions for BrowserTab.run (helpers/tab.ts). Each loads or
 * uses the SDK the way an application would and returns plain data for the
 * spec to assert on.
 *
 * Loading puts the SDK's exports on `window.relayrtcUnderTest`; the other
 * functions use them from there.
 */

/** What the specs see of an error thrown in the page. */
export interface PageError {
  name: string;
  code: string | null;
  definition: string | null;
  message: string;
  isRelayError: boolean;
}

export interface LoadResult {
  exports: string[];
}

/** `<script src="/sdk/relayrtc.umd.min.js">`, as a page without a bundler includes it. */
export async function loadUmdBuild(): Promise<LoadResult> {
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/sdk/relayrtc.umd.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${script.src} did not load`));
    document.head.append(script);
  });
  const sdk = (window as unknown as { RelayRTC?: Record<string, unknown> }).RelayRTC;
  if (!sdk) throw new Error('the UMD build loaded but defined no window.RelayRTC');
  (window as unknown as { relayrtcUnderTest: unknown }).relayrtcUnderTest = sdk;
  return { exports: Object.keys(sdk).sort() };
}

/**
 * `<script type="module">import * as sdk from '/sdk/relayrtc.mjs'</script>`,
 * after an import map that resolves the build's bare imports (webrtc-adapter,
 * …) to `modules`: browser-ESM builds of them (helpers/esmDependencies.ts),
 * served as blob: URLs. Without the map a browser refuses bare specifiers;
 * an empty `modules` shows that.
 */
export async function loadEsmBuild(modules: Record<string, string>): Promise<LoadResult> {
  if (Object.keys(modules).length > 0) {
    const imports: Record<string, string> = {};
    for (const [specifier, source] of Object.entries(modules)) {
      imports[specifier] = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    }
    const map = document.createElement('script');
    map.type = 'importmap';
    map.textContent = JSON.stringify({ imports });
    document.head.append(map);
  }
  // A module script, as an application would write it (a dynamic import() here would be
  // rewritten by the test runner's transpiler before it reaches the page).
  const sdk = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const script = document.createElement('script');
    const onError = (event: ErrorEvent) => reject(new Error(event.message));
    window.addEventListener('error', onError, { once: true });
    window.addEventListener('relayrtc-esm-loaded', () => {
      window.removeEventListener('error', onError);
      resolve((window as unknown as { relayrtcUnderTest: Record<string, unknown> }).relayrtcUnderTest);
    }, { once: true });
    setTimeout(() => reject(new Error('/sdk/relayrtc.mjs: neither loaded nor failed within 10 s')), 10_000);
    script.type = 'module';
    script.onerror = () => reject(new Error('/sdk/relayrtc.mjs did not load'));
    script.textContent =
      "import * as sdk from '/sdk/relayrtc.mjs';\n" +
      "window.relayrtcUnderTest = sdk;\n" +
      "window.dispatchEvent(new Event('relayrtc-esm-loaded'));";
    document.head.append(script);
  });
  return { exports: Object.keys(sdk).sort() };
}

export interface ConnectResult {
  connectedAfterConnect: boolean;
  closeEvent: { local: boolean; code: number } | null;
  connectedAfterClose: boolean;
}

/** new RelayClient({ url }) → connect() → close(), on this page's server. */
export async function connectAndClose(): Promise<ConnectResult> {
  type Client = {
    connected: boolean;
    connect(): Promise<void>;
    close(): void;
    on(name: 'close', listener: (info: { local: boolean; code: number }) => void): () => void;
  };
  const sdk = (window as unknown as { relayrtcUnderTest: { RelayClient: new (o: { url: string }) => Client } }).relayrtcUnderTest;
  const client = new sdk.RelayClient({ url: `ws://${location.host}/LiveApp/websocket` });
  let closeEvent: ConnectResult['closeEvent'] = null;
  client.on('close', (info) => (closeEvent = { local: info.local, code: info.code }));
  await client.connect();
  const connectedAfterConnect = client.connected;
  client.close();
  return { connectedAfterConnect, closeEvent, connectedAfterClose: client.connected };
}

export interface CaptureResult {
  tracks: { kind: string; readyState: string }[];
  /** The local preview's size once it shows a frame. */
  videoWidth: number;
  videoHeight: number;
}

/** RelayRTC.getUserMedia({ video, audio }) shown in a muted <video>, as the publish page does. */
export async function captureCameraAndMic(): Promise<CaptureResult> {
  type Sdk = { getUserMedia(c: MediaStreamConstraints): Promise<MediaStream> };
  const sdk = (window as unknown as { relayrtcUnderTest: Sdk }).relayrtcUnderTest;
  const stream = await sdk.getUserMedia({ video: true, audio: true });
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    document.body.append(video);
    await video.play();
    const deadline = Date.now() + 10_000;
    while (video.videoWidth === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return {
      tracks: stream.getTracks().map((t) => ({ kind: t.kind, readyState: t.readyState })),
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
    };
  } finally {
    stream.getTracks().forEach((t) => t.stop());
  }
}

/**
 * Publishes the camera where the browser has no RTCPeerConnection (WebKitGTK)
 * or where it was removed first (`hideWebRtc`, to show other engines the same
 * path) and returns how publish() failed.
 */
export async function publishWithoutWebRtc(arg: { streamId: string; hideWebRtc: boolean }): Promise<PageError | null> {
  type Client = { connect(): Promise<void>; close(): void; publish(id: string, s: MediaStream): Promise<unknown> };
  type Sdk = {
    RelayClient: new (o: { url: string }) => Client;
    RelayError: new (...a: never[]) => Error;
    getUserMedia(c: MediaStreamConstraints): Promise<MediaStream>;
  };
  const sdk = (window as unknown as { relayrtcUnderTest: Sdk }).relayrtcUnderTest;
  const globals = window as unknown as Record<string, unknown>;
  if (arg.hideWebRtc) {
    for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'mozRTCPeerConnection']) delete globals[name];
  }
  if (typeof globals.RTCPeerConnection !== 'undefined') throw new Error('this page still has RTCPeerConnection');
  const stream = await sdk.getUserMedia({ video: true, audio: true });
  const client = new sdk.RelayClient({ url: `ws://${location.host}/LiveApp/websocket` });
  try {
    await client.connect();
    await client.publish(arg.streamId, stream);
    return null;
  } catch (error) {
    const e = error as Error & { code?: string; definition?: string };
    return {
      name: e.name,
      code: e.code ?? null,
      definition: e.definition ?? null,
      message: e.message,
      isRelayError: e instanceof sdk.RelayError,
    };
  } finally {
    client.close();
    stream.getTracks().forEach((t) => t.stop());
  }
}

/**
 * play() of a stream nobody publishes, with a peer that is a stand-in (the
 * client's `peerFactory` option): the request, the server's refusal and the
 * coded rejection all go over the real WebSocket, and no RTCPeerConnection is
 * needed. (Without the stand-in, play() creates its RTCPeerConnection before
 * it sends anything, so where WebRTC is missing it rejects WEBRTC_UNSUPPORTED
 * without asking the server.)
 */
export async function playAbsentStreamWithStandInPeer(streamId: string): Promise<PageError | null> {
  const noop = () => undefined;
  const standInPeer = {
    closed: false,
    connectionState: 'new',
    on: () => noop,
    addLocalStream: noop,
    createOffer: () => Promise.reject(new Error('stand-in peer: no SDP')),
    acceptOffer: () => Promise.reject(new Error('stand-in peer: no SDP')),
    acceptAnswer: () => Promise.reject(new Error('stand-in peer: no SDP')),
    addRemoteCandidate: () => Promise.resolve(),
    getStats: () => Promise.resolve(new Map()),
    close() {
      this.closed = true;
    },
  };
  type Client = { connect(): Promise<void>; close(): void; play(id: string): Promise<unknown> };
  type Sdk = { RelayClient: new (o: object) => Client; RelayError: new (...a: never[]) => Error };
  const sdk = (window as unknown as { relayrtcUnderTest: Sdk }).relayrtcUnderTest;
  const client = new sdk.RelayClient({ url: `ws://${location.host}/LiveApp/websocket`, peerFactory: () => standInPeer });
  try {
    await client.connect();
    await client.play(streamId);
    return null;
  } catch (error) {
    const e = error as Error & { code?: string; definition?: string };
    return {
      name: e.name,
      code: e.code ?? null,
      definition: e.definition ?? null,
      message: e.message,
      isRelayError: e instanceof sdk.RelayError,
    };
  } finally {
    client.close();
  }
}

export interface DiscoveryResult {
  websocketUrl: string;
  connected: boolean;
}

/** RelayRTC.discoverServer() on this page's server's discovery endpoint, then a RelayClient connected where it says. */
export async function discoverAndConnect(): Promise<DiscoveryResult> {
  type Client = { connected: boolean; connect(): Promise<void>; close(): void };
  type Sdk = {
    discoverServer(endpoint: string, options: { for: 'play' | 'publish' }): Promise<{ websocketUrl: string }>;
    RelayClient: new (o: { url: string }) => Client;
  };
  const sdk = (window as unknown as { relayrtcUnderTest: Sdk }).relayrtcUnderTest;
  const { websocketUrl } = await sdk.discoverServer(`${location.origin}/LiveApp/rest/v2/cluster/node`, { for: 'play' });
  const client = new sdk.RelayClient({ url: websocketUrl });
  await client.connect();
  const connected = client.connected;
  client.close();
  return { websocketUrl, connected };
}
