/**
 * Server configuration: every default in one place, each with why. The
 * command line, environment variables and an optional JSON file override them
 * (config/options.ts lists each setting's flag and variable; config/loader.ts
 * reads and validates them).
 */
import { availableParallelism } from 'node:os';

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
  tls: {
    /** PEM certificate (chain) file: when set with keyFile, the server speaks HTTPS and WSS on `port` (Safari needs a secure context). */
    certFile: string;
    /** PEM private key file for certFile. */
    keyFile: string;
  };
  log: {
    /** Least severe level written (JSON lines on stderr). */
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  };
  security: {
    /** Origins allowed to open the signaling WebSocket (exact `scheme://host[:port]`); empty = any. */
    allowedOrigins: string[];
    /** Apps (the `{app}` of `/{app}/websocket`) whose publishes need a token; `*` = every app. */
    publishTokenApps: string[];
    /** Apps whose plays need a token; `*` = every app. */
    playTokenApps: string[];
    jwt: {
      /** HS256 shared secret for stream tokens (RFC 7518 §3.2: at least 32 bytes). Empty = HS256 off. */
      secret: string;
      /** PEM public key file for RS256 stream tokens. Empty = RS256 off. */
      publicKeyFile: string;
      /** Seconds of clock skew tolerated on `exp`/`nbf` (RFC 7519 §4.1.4). 0: the issuer is the operator's own backend. */
      leewaySeconds: number;
    };
  };
  rest: {
    /** Serve the REST API, its OpenAPI description and the dashboard under /{app}/rest/v2 and /dashboard. */
    enabled: boolean;
    /**
     * Keys accepted as `Authorization: Bearer <key>`, `X-API-Key: <key>` or a Basic auth password.
     * With no key and no JWT secret, only loopback clients may call the REST API (Ant Media's
     * remoteAllowedCIDR default, 127.0.0.1), so a fresh server is not open to the network.
     */
    apiKeys: string[];
    /** HS256 secret for REST JWTs in `Authorization` (Ant Media's jwtSecretKey). Empty = off. */
    jwtSecret: string;
  };
  metrics: {
    /** Serve Prometheus metrics at /metrics. */
    enabled: boolean;
    /** Whether /metrics needs the REST credentials too; off so a scraper needs no secret (no stream ids are labelled). */
    requireCredentials: boolean;
  };
  shutdown: {
    /** After SIGTERM the process exits within this long, whatever is still open (Kubernetes waits 30 s before SIGKILL). */
    deadlineMs: number;
    /** Between `server_will_stop` and closing peers: time for clients to read it and start reconnecting elsewhere. */
    noticeMs: number;
  };
  limits: {
    /** Open signaling sockets per server; over it the upgrade gets 503. Bounds memory against connection floods. */
    connections: number;
    /** Largest text frame (Ant Media's 8192 × 10); larger frames get messageTooLarge. */
    maxTextFrameBytes: number;
    /** Frames per second per socket, sustained (token bucket). Trickle ICE sends ~10 candidates per peer. */
    messagesPerSecond: number;
    /** Frames a socket may send at once before the rate applies: a page starting 10-20 plays at once fits. */
    messageBurst: number;
    /** Publishes + plays one socket may hold; each is a peer connection with UDP sockets and DTLS state. */
    peerConnectionsPerSocket: number;
    /**
     * Streams (publishes) per server; -1 = unlimited. One event loop decrypts every ingest: at ~313
     * packets/s per 2.5 Mbps stream and 30-60 µs per packet (DESIGN.md), ~100 streams fill a core.
     */
    streamsPerServer: number;
    /** A live publisher that sends no RTP for this long is ended (noPacketReceivedForTimeoutDuration), so a vanished publisher frees its viewers. */
    ingestIdleTimeoutMs: number;
    /**
     * Every this many ms each socket is pinged (RFC 6455 §5.5.2; browsers answer by themselves); one that sent
     * nothing since the previous ping is cut, so a client whose network died frees its streams and ids within
     * two periods instead of when TCP gives up (a data-only publish has no media to time out). 0 = never.
     */
    heartbeatMs: number;
    /** Players per stream; -1 = unlimited (Ant Media's webRTCViewerLimit). Over it: viewerLimitReached. */
    viewersPerStream: number;
    /** A publish whose media has not started this long after `publish` gets publishTimeoutError (Ant Media's webRTCClientStartTimeoutMs). */
    publishTimeoutMs: number;
    /** Streams one socket may wait on for `streaming_started` after a `no_stream_exist`; bounds memory per socket. */
    pendingPlaysPerSocket: number;
  };
  admission: {
    /**
     * Event-loop delay (mean of the p99 of each fifth of the window, ms) at which new publishes and
     * plays get highResourceUsage; -1 = never, 0 = always. bench/RESULTS.md: at 100 viewers the p99 is
     * 57-140 ms and delivery holds; past ~160 ms (one core saturated) it breaks for every viewer.
     */
    maxEventLoopLagMs: number;
    /**
     * Process CPU over the window as a share of all cores (%) at which new publishes and plays get
     * highResourceUsage; -1 = never, 0 = always. One saturated event loop shows as lag first; this
     * guards the machine as a whole once work runs on several threads. 90 leaves the admitted streams
     * room to grow (Ant Media's server.cpu_limit is 75% of the machine, other processes included).
     */
    maxCpuPercent: number;
    /** The sliding window the two figures are taken over: long enough that one GC pause does not refuse anyone. */
    windowMs: number;
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
  /** Origin/edge clustering on Redis (server/src/cluster/); off unless redisUrl is set. */
  cluster: {
    /** `redis://host:port[/db]` of the shared registry; empty = single node, in memory, Redis never contacted. */
    redisUrl: string;
    /** origin: takes publishes and records itself as their origin; edge: serves viewers, pulling streams from origins. */
    role: 'origin' | 'edge';
    /** Shared by every node: signs the edge's pull (HMAC-SHA256), so it must be as long as an HS256 key. */
    secret: string;
    /** How other nodes and clients reach this node (`http(s)://host:port`); empty = http://127.0.0.1:<port>. */
    advertisedUrl: string;
    /** This node's id in the registry; empty = a random one per start (a restarted node is a new node). */
    nodeId: string;
    /** Heartbeat period: load and liveness are refreshed this often (Ant Media: 5 s). */
    heartbeatMs: number;
    /** A node whose heartbeat is older than this is dead and its streams are released (Ant Media: 4 heartbeats). */
    nodeTimeoutMs: number;
    /** What an edge pulls: `all` simulcast layers (its viewers keep adaptive quality) or the one nearest a height, e.g. `360`. */
    edgeLayers: string;
    /** A publish reaching an edge: refused (publishNotAllowedOnEdge, naming an origin) or taken, the edge acting as its origin. */
    edgePublish: 'refuse' | 'accept';
    /** An edge waits this long for a pulled stream's first packet before answering no_stream_exist. */
    pullTimeoutMs: number;
    /** An edge keeps a pull this long after its last viewer left, so a quick re-play does not reconnect. */
    pullLingerMs: number;
    /**
     * An origin answers a pull of a stream younger than this only when it is this old: a browser's
     * simulcast layers start within a second or two of each other (later under load), and a pull
     * carries the layers there are when it starts.
     */
    layerStartMs: number;
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
    /** Packets kept per video source since its latest keyframe (~2 s at 2.5 Mbps), for viewers joining right after it. */
    keyframeCachePackets: number;
    /** A joining viewer starts from the cached keyframe when it is at most this old; older, it waits for a fresh one. */
    keyframeReplayMs: number;
    /** Each viewer's simulcast layer is reconsidered this often (three healthy evaluations step up). */
    layerEvaluationMs: number;
    /** `bitrateMeasurement` goes to each player this often (Ant Media sends it periodically). */
    bitrateMeasurementMs: number;
    /** REMB toward publishers: how often and what ceiling (Chrome stays at 300 kbps without it). */
    rembIntervalMs: number;
    rembBitrate: number;
    /**
     * Worker threads holding plays' peer connections (ICE, DTLS, SRTP, RTCP), each fed every
     * published packet once; 0 keeps viewers on the main thread. Room plays and cluster pulls
     * stay on the main thread.
     */
    viewerWorkers: number;
  };
  /** Conference rooms (a room is a main track; its participants publish with mainTrack = the room). */
  rooms: {
    /**
     * Video tracks each room player is sent at most (Ant Media's maxVideoTrackCount); the loudest
     * participants fill them. -1 = one per participant. A play's own maxVideoTrackCount overrides it.
     */
    maxVideoTrackCount: number;
    /** A quieter participant keeps its video slot until a louder one has been louder this long. */
    speakerHoldMs: number;
    /** How much louder (RFC 6464 levels, -dBov) the challenger must be. */
    speakerMarginLevels: number;
    /** How often speakers, late tracks and layers are reconsidered for each room player. */
    tickMs: number;
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
  tls: { certFile: '', keyFile: '' },
  log: { level: 'warn' },
  security: {
    allowedOrigins: [],
    publishTokenApps: [],
    playTokenApps: [],
    jwt: { secret: '', publicKeyFile: '', leewaySeconds: 0 },
  },
  rest: { enabled: true, apiKeys: [], jwtSecret: '' },
  metrics: { enabled: true, requireCredentials: false },
  shutdown: { deadlineMs: 10_000, noticeMs: 500 },
  limits: {
    connections: 2000,
    maxTextFrameBytes: 81_920,
    messagesPerSecond: 100,
    messageBurst: 200,
    peerConnectionsPerSocket: 32,
    streamsPerServer: 100,
    ingestIdleTimeoutMs: 3000,
    heartbeatMs: 10_000,
    viewersPerStream: -1,
    publishTimeoutMs: 10_000,
    pendingPlaysPerSocket: 16,
  },
  admission: {
    maxEventLoopLagMs: 150,
    maxCpuPercent: 90,
    windowMs: 5000,
  },
  dataChannel: {
    enabled: true,
    playerDistribution: 'all',
  },
  testing: {
    knobs: false,
  },
  cluster: {
    redisUrl: '',
    role: 'origin',
    secret: '',
    advertisedUrl: '',
    nodeId: '',
    heartbeatMs: 2000,
    nodeTimeoutMs: 8000,
    edgeLayers: 'all',
    edgePublish: 'refuse',
    pullTimeoutMs: 10_000,
    pullLingerMs: 2000,
    layerStartMs: 3000,
  },
  relay: {
    keyframeRequestIntervalMs: 300,
    historyMs: 1500,
    historyPackets: 1024,
    // Above libwebrtc's 300 ms minimum between keyframes it sends, so a retry is
    // never ignored, and short enough that a lost request costs a switch < 1 s.
    keyframeRetryMs: 500,
    keyframeCachePackets: 600,
    keyframeReplayMs: 1000,
    layerEvaluationMs: 1000,
    bitrateMeasurementMs: 5000,
    rembIntervalMs: 500,
    rembBitrate: 3_000_000,
    // One per core: the main thread keeps signaling and the ingest, the viewers' per-packet work spreads.
    viewerWorkers: availableParallelism(),
  },
  rooms: {
    maxVideoTrackCount: -1,
    // 1.5 s: long enough that a cough or a laugh does not move a tile, short enough to follow a turn in the talk.
    speakerHoldMs: 1500,
    // 6 dB: clearly louder, not a near tie that would swap on noise.
    speakerMarginLevels: 6,
    tickMs: 200,
  },
};

