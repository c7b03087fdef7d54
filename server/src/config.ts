/**
 * Server configuration: every default in one place, each with why, and the
 * environment variables that override them.
 */

export interface RelayServerConfig {
  /** HTTP + WebSocket port. Ant Media's plain-HTTP port, so Ant Media pages work unchanged. */
  port: number;
  /** Interface to listen on. All interfaces by default, like Ant Media. */
  host: string;
  /** Directory served at `/` (the demo pages). */
  demoDir: string;
  /** Directory served at `/sdk/` (the built SDK bundles). */
  sdkDistDir: string;
  ice: {
    /** Extra host addresses to announce; 127.0.0.1 lets loopback-only namespaces connect (DESIGN.md bug 7). */
    additionalHostAddresses: string[];
    /** UDP port range for ICE, or undefined for any port. */
    portRange: [number, number] | undefined;
    /** STUN/TURN servers for the server's own peers; none by default (DESIGN.md bug 8). */
    iceServers: Array<{ urls: string; username?: string; credential?: string }>;
    /** Seconds werift waits for server-reflexive candidates when iceServers is set; bounded so an unreachable STUN server never stalls an offer. */
    stunGatherTimeoutSeconds: number;
    /** What `getIceServerConfig` tells clients (Ant Media's stunServerURI default). */
    clientStunServerUri: string;
    clientTurnUsername: string;
    clientTurnCredential: string;
  };
  limits: {
    /** Players per stream; -1 = unlimited (Ant Media's webRTCViewerLimit). Over it: viewerLimitReached. */
    viewersPerStream: number;
    /** A publish whose media has not started this long after `publish` gets publishTimeoutError (Ant Media's webRTCClientStartTimeoutMs). */
    publishTimeoutMs: number;
    /** Streams one socket may wait on for `streaming_started` after a `no_stream_exist`; bounds memory per socket. */
    pendingPlaysPerSocket: number;
  };
  dataChannel: {
    /** Open a data channel on every play connection and relay it (Ant Media's dataChannelEnabled). */
    enabled: boolean;
    /** Who receives a player's messages: everyone, only the publisher, or nobody (dataChannelPlayerDistribution). */
    playerDistribution: 'all' | 'publisher' | 'none';
  };
  testing: {
    /** Accept `relayTestKnob` (packet drops, bandwidth caps per player). Never on in production. */
    knobs: boolean;
  };
  relay: {
    /** Upstream keyframe requests per layer at most this often (PLI/FIR aggregation). */
    keyframeRequestIntervalMs: number;
    /** NACKs are served from our own history this far back (at least 1 s; werift keeps ~0.4 s). */
    historyMs: number;
    /** History slots per down-track: 1 s of a 2.5 Mbps stream is ~313 packets; 1024 leaves headroom. */
    historyPackets: number;
    /** A viewer still waiting for its first keyframe asks again this often. */
    keyframeRetryMs: number;
    /** Each viewer's simulcast layer is reconsidered this often (three healthy evaluations step up). */
    layerEvaluationMs: number;
    /** `bitrateMeasurement` goes to each player this often (Ant Media sends it periodically). */
    bitrateMeasurementMs: number;
    /** REMB toward publishers: how often and what ceiling (Chrome stays at 300 kbps without it). */
    rembIntervalMs: number;
    rembBitrate: number;
  };
}

export const defaultConfig: RelayServerConfig = {
  port: 5080,
  host: '0.0.0.0',
  demoDir: new URL('../../demo/', import.meta.url).pathname,
  sdkDistDir: new URL('../../sdk/dist/', import.meta.url).pathname,
  ice: {
    additionalHostAddresses: ['127.0.0.1'],
    portRange: undefined,
    iceServers: [],
    stunGatherTimeoutSeconds: 0.5,
    clientStunServerUri: 'stun:stun1.l.google.com:19302',
    clientTurnUsername: '',
    clientTurnCredential: '',
  },
  limits: {
    viewersPerStream: -1,
    publishTimeoutMs: 10_000,
    pendingPlaysPerSocket: 16,
  },
  dataChannel: {
    enabled: true,
    playerDistribution: 'all',
  },
  testing: {
    knobs: false,
  },
  relay: {
    keyframeRequestIntervalMs: 300,
    historyMs: 1500,
    historyPackets: 1024,
    keyframeRetryMs: 1000,
    layerEvaluationMs: 1000,
    bitrateMeasurementMs: 5000,
    rembIntervalMs: 500,
    rembBitrate: 3_000_000,
  },
};

function readInteger(env: NodeJS.ProcessEnv, key: string, fallback: number, min = 0): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${key} must be an integer of at least ${min}, got '${raw}'`);
  return value;
}

function readString(env: NodeJS.ProcessEnv, key: string, fallback: string): string {
  const raw = env[key];
  return raw === undefined || raw === '' ? fallback : raw;
}

/** Applies the environment variables listed in the README over the defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RelayServerConfig {
  const d = defaultConfig;
  return {
    ...d,
    port: readInteger(env, 'PORT', d.port),
    host: readString(env, 'HOST', d.host),
    ice: {
      ...d.ice,
      clientStunServerUri: readString(env, 'RELAYRTC_STUN_URI', d.ice.clientStunServerUri),
      clientTurnUsername: readString(env, 'RELAYRTC_TURN_USERNAME', d.ice.clientTurnUsername),
      clientTurnCredential: readString(env, 'RELAYRTC_TURN_CREDENTIAL', d.ice.clientTurnCredential),
    },
    limits: {
      ...d.limits,
      viewersPerStream: readInteger(env, 'RELAYRTC_VIEWER_LIMIT', d.limits.viewersPerStream, -1),
      publishTimeoutMs: readInteger(env, 'RELAYRTC_PUBLISH_TIMEOUT_MS', d.limits.publishTimeoutMs, 1),
    },
    testing: { knobs: env.RELAYRTC_TEST_KNOBS === '1' },
    relay: { ...d.relay, rembBitrate: readInteger(env, 'RELAYRTC_REMB_BITRATE', d.relay.rembBitrate) },
  };
}
