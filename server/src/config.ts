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
  relay: {
    /** Upstream keyframe requests per layer at most this often (PLI/FIR aggregation). */
    keyframeRequestIntervalMs: number;
    /** NACKs are served from our own history this far back (at least 1 s; werift keeps ~0.4 s). */
    historyMs: number;
    /** History slots per down-track: 1 s of a 2.5 Mbps stream is ~313 packets; 1024 leaves headroom. */
    historyPackets: number;
    /** A viewer still waiting for its first keyframe asks again this often. */
    keyframeRetryMs: number;
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
  relay: {
    keyframeRequestIntervalMs: 300,
    historyMs: 1500,
    historyPackets: 1024,
    keyframeRetryMs: 1000,
    rembIntervalMs: 500,
    rembBitrate: 3_000_000,
  },
};

function readInteger(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${key} must be a non-negative integer, got '${raw}'`);
  return value;
}

/** Applies `PORT`, `HOST`, `RELAYRTC_STUN_URI`, `RELAYRTC_REMB_BITRATE` over the defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RelayServerConfig {
  return {
    ...defaultConfig,
    port: readInteger(env, 'PORT', defaultConfig.port),
    host: env.HOST || defaultConfig.host,
    ice: { ...defaultConfig.ice, clientStunServerUri: env.RELAYRTC_STUN_URI || defaultConfig.ice.clientStunServerUri },
    relay: { ...defaultConfig.relay, rembBitrate: readInteger(env, 'RELAYRTC_REMB_BITRATE', defaultConfig.relay.rembBitrate) },
  };
}
