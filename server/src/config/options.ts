/**
 * Every setting the server reads: its key in the JSON file (the path in
 * RelayServerConfig), its command-line flag, its environment variable and a
 * line of help. Defaults are not repeated here: they live in config.ts.
 */

export type OptionType =
  | { kind: 'integer'; min: number; max?: number }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'list' }
  | { kind: 'enum'; values: readonly string[] }
  /** `low-high`, two UDP ports. */
  | { kind: 'portRange' }
  /** ICE servers for the server's own peers (JSON file only). */
  | { kind: 'iceServers' };

export interface OptionSpec {
  /** Dotted path in RelayServerConfig, also the key in the JSON file. */
  key: string;
  type: OptionType;
  /** Long flag without a value, e.g. `--port`; absent = JSON file only. */
  flag?: string;
  env?: string;
  help: string;
  /** Secrets are shown as `(set)` in --help and never logged. */
  secret?: boolean;
}

const int = (min: number, max?: number): OptionType => (max === undefined ? { kind: 'integer', min } : { kind: 'integer', min, max });
const string: OptionType = { kind: 'string' };
const boolean: OptionType = { kind: 'boolean' };
const list: OptionType = { kind: 'list' };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Four times Ant Media's frame limit: the WebSocket layer closes sockets beyond that (websocketEndpoint.ts). */
export const MAX_CONFIGURABLE_FRAME_BYTES = 4 * 81_920;

export const OPTIONS: readonly OptionSpec[] = [
  { key: 'port', type: int(0, 65535), flag: '--port', env: 'PORT', help: 'HTTP(S) and WebSocket port (0 = any free port)' },
  { key: 'host', type: string, flag: '--host', env: 'HOST', help: 'interface to listen on' },
  { key: 'tls.certFile', type: string, flag: '--tls-cert', env: 'RELAYRTC_TLS_CERT', help: 'PEM certificate file: with --tls-key, serve HTTPS and WSS' },
  { key: 'tls.keyFile', type: string, flag: '--tls-key', env: 'RELAYRTC_TLS_KEY', help: 'PEM private key file for --tls-cert' },
  { key: 'log.level', type: { kind: 'enum', values: LOG_LEVELS }, flag: '--log-level', env: 'LOG_LEVEL', help: 'least severe level logged (JSON lines on stderr)' },
  { key: 'demoDir', type: string, flag: '--demo-dir', env: 'RELAYRTC_DEMO_DIR', help: 'directory served at /' },
  { key: 'sdkDistDir', type: string, flag: '--sdk-dir', env: 'RELAYRTC_SDK_DIR', help: 'directory served at /sdk/' },

  { key: 'ice.clientStunServerUri', type: string, flag: '--stun-uri', env: 'RELAYRTC_STUN_URI', help: 'STUN URI that getIceServerConfig tells clients' },
  { key: 'ice.clientTurnUsername', type: string, flag: '--turn-username', env: 'RELAYRTC_TURN_USERNAME', help: 'TURN username told to clients' },
  { key: 'ice.clientTurnCredential', type: string, flag: '--turn-credential', env: 'RELAYRTC_TURN_CREDENTIAL', help: 'TURN credential told to clients', secret: true },
  { key: 'ice.additionalHostAddresses', type: list, flag: '--ice-host-addresses', env: 'RELAYRTC_ICE_HOST_ADDRESSES', help: 'extra host candidate addresses, comma-separated' },
  { key: 'ice.portRange', type: { kind: 'portRange' }, flag: '--ice-port-range', env: 'RELAYRTC_ICE_PORT_RANGE', help: 'UDP ports for ICE, e.g. 50000-60000 (default: any)' },
  { key: 'ice.iceServers', type: { kind: 'iceServers' }, help: "STUN/TURN servers of the server's own peers: [{urls, username?, credential?}]" },
  { key: 'ice.stunGatherTimeoutSeconds', type: int(0, 60), help: 'seconds to wait for server-reflexive candidates when iceServers is set' },

  { key: 'security.allowedOrigins', type: list, flag: '--allowed-origins', env: 'RELAYRTC_ALLOWED_ORIGINS', help: 'origins allowed to open the WebSocket, comma-separated (empty = any)' },
  { key: 'security.publishTokenApps', type: list, flag: '--publish-token-apps', env: 'RELAYRTC_PUBLISH_TOKEN_APPS', help: "apps whose publishes need a token, comma-separated ('*' = all)" },
  { key: 'security.playTokenApps', type: list, flag: '--play-token-apps', env: 'RELAYRTC_PLAY_TOKEN_APPS', help: "apps whose plays need a token, comma-separated ('*' = all)" },
  { key: 'security.jwt.secret', type: string, flag: '--jwt-secret', env: 'RELAYRTC_JWT_SECRET', help: 'HS256 secret for stream JWTs (at least 32 characters)', secret: true },
  { key: 'security.jwt.publicKeyFile', type: string, flag: '--jwt-public-key', env: 'RELAYRTC_JWT_PUBLIC_KEY_FILE', help: 'PEM public key file for RS256 stream JWTs' },
  { key: 'security.jwt.leewaySeconds', type: int(0, 600), flag: '--jwt-leeway', env: 'RELAYRTC_JWT_LEEWAY_SECONDS', help: 'seconds of clock skew tolerated on exp/nbf' },

  { key: 'rest.enabled', type: boolean, flag: '--rest', env: 'RELAYRTC_REST', help: 'serve the REST API, its OpenAPI description and the dashboard' },
  { key: 'rest.apiKeys', type: list, flag: '--api-keys', env: 'RELAYRTC_API_KEYS', help: 'REST API keys, comma-separated (none: loopback clients only)', secret: true },
  { key: 'rest.jwtSecret', type: string, flag: '--rest-jwt-secret', env: 'RELAYRTC_REST_JWT_SECRET', help: 'HS256 secret for REST JWTs in Authorization (at least 32 characters)', secret: true },
  { key: 'metrics.enabled', type: boolean, flag: '--metrics', env: 'RELAYRTC_METRICS', help: 'serve Prometheus metrics at /metrics' },
  { key: 'metrics.requireCredentials', type: boolean, flag: '--metrics-auth', env: 'RELAYRTC_METRICS_AUTH', help: '/metrics needs the REST credentials' },

  { key: 'shutdown.deadlineMs', type: int(0), flag: '--shutdown-deadline-ms', env: 'RELAYRTC_SHUTDOWN_DEADLINE_MS', help: 'after SIGTERM, exit within this many ms' },
  { key: 'shutdown.noticeMs', type: int(0), flag: '--shutdown-notice-ms', env: 'RELAYRTC_SHUTDOWN_NOTICE_MS', help: 'ms between server_will_stop and closing peers' },

  { key: 'limits.connections', type: int(1), flag: '--max-connections', env: 'RELAYRTC_MAX_CONNECTIONS', help: 'open signaling sockets per server' },
  { key: 'limits.maxTextFrameBytes', type: int(1024, MAX_CONFIGURABLE_FRAME_BYTES), flag: '--max-frame-bytes', env: 'RELAYRTC_MAX_FRAME_BYTES', help: 'largest text frame (messageTooLarge beyond)' },
  { key: 'limits.messagesPerSecond', type: int(1), flag: '--messages-per-second', env: 'RELAYRTC_MESSAGES_PER_SECOND', help: 'frames per second per socket (messageRateExceeded beyond)' },
  { key: 'limits.messageBurst', type: int(1), flag: '--message-burst', env: 'RELAYRTC_MESSAGE_BURST', help: 'frames a socket may send at once before the rate applies' },
  { key: 'limits.peerConnectionsPerSocket', type: int(1), flag: '--peers-per-socket', env: 'RELAYRTC_PEERS_PER_SOCKET', help: 'publishes + plays per socket (peerConnectionLimitReached beyond)' },
  { key: 'limits.streamsPerServer', type: int(-1), flag: '--stream-limit', env: 'RELAYRTC_STREAM_LIMIT', help: 'streams per server, -1 = unlimited (streamLimitReached beyond)' },
  { key: 'limits.viewersPerStream', type: int(-1), flag: '--viewer-limit', env: 'RELAYRTC_VIEWER_LIMIT', help: 'players per stream, -1 = unlimited (viewerLimitReached beyond)' },
  { key: 'limits.heartbeatMs', type: int(0), flag: '--heartbeat-ms', env: 'RELAYRTC_HEARTBEAT_MS', help: 'ping every socket this often; one silent for a whole period is cut (0 = never)' },
  { key: 'limits.publishTimeoutMs', type: int(1), flag: '--publish-timeout-ms', env: 'RELAYRTC_PUBLISH_TIMEOUT_MS', help: 'ms for media to start after publish (publishTimeoutError)' },
  { key: 'limits.ingestIdleTimeoutMs', type: int(0), flag: '--ingest-idle-timeout-ms', env: 'RELAYRTC_INGEST_IDLE_TIMEOUT_MS', help: 'a live publisher silent this long is ended, 0 = never (noPacketReceivedForTimeoutDuration)' },
  { key: 'limits.pendingPlaysPerSocket', type: int(0), flag: '--pending-plays-per-socket', env: 'RELAYRTC_PENDING_PLAYS_PER_SOCKET', help: 'streams one socket may wait on for streaming_started' },

  { key: 'admission.maxEventLoopLagMs', type: int(-1), flag: '--max-event-loop-lag-ms', env: 'RELAYRTC_MAX_EVENT_LOOP_LAG_MS', help: 'event-loop delay (ms) at which new publishes and plays get highResourceUsage, -1 = never' },
  { key: 'admission.maxCpuPercent', type: int(-1, 100), flag: '--max-cpu-percent', env: 'RELAYRTC_MAX_CPU_PERCENT', help: 'process CPU (% of all cores) at which new publishes and plays get highResourceUsage, -1 = never' },
  { key: 'admission.windowMs', type: int(100), flag: '--load-window-ms', env: 'RELAYRTC_LOAD_WINDOW_MS', help: 'sliding window (ms) over which event-loop delay and CPU are judged' },

  { key: 'dataChannel.enabled', type: boolean, flag: '--data-channel', env: 'RELAYRTC_DATA_CHANNEL', help: 'open and relay a data channel on every play' },
  { key: 'dataChannel.playerDistribution', type: { kind: 'enum', values: ['all', 'publisher', 'none'] }, flag: '--data-channel-distribution', env: 'RELAYRTC_DATA_CHANNEL_DISTRIBUTION', help: "who receives a player's data channel messages" },
  { key: 'testing.knobs', type: boolean, flag: '--test-knobs', env: 'RELAYRTC_TEST_KNOBS', help: 'accept relayTestKnob (tests only, never in production)' },

  { key: 'cluster.redisUrl', type: string, flag: '--cluster-redis', env: 'RELAYRTC_CLUSTER_REDIS', help: 'redis://host:port of the cluster registry (none: single node, no Redis)' },
  { key: 'cluster.role', type: { kind: 'enum', values: ['origin', 'edge'] }, flag: '--cluster-role', env: 'RELAYRTC_CLUSTER_ROLE', help: "this node's role: origin (publishes) or edge (viewers)" },
  { key: 'cluster.secret', type: string, flag: '--cluster-secret', env: 'RELAYRTC_CLUSTER_SECRET', help: 'secret shared by the nodes, signs edge pulls (at least 32 characters)', secret: true },
  { key: 'cluster.advertisedUrl', type: string, flag: '--cluster-url', env: 'RELAYRTC_CLUSTER_URL', help: 'how other nodes and clients reach this node, http(s)://host:port (default http://127.0.0.1:PORT)' },
  { key: 'cluster.nodeId', type: string, flag: '--cluster-node-id', env: 'RELAYRTC_CLUSTER_NODE_ID', help: "this node's id in the registry (default: random per start)" },
  { key: 'cluster.heartbeatMs', type: int(100), flag: '--cluster-heartbeat-ms', env: 'RELAYRTC_CLUSTER_HEARTBEAT_MS', help: 'ms between heartbeats (load and liveness)' },
  { key: 'cluster.nodeTimeoutMs', type: int(200), flag: '--cluster-node-timeout-ms', env: 'RELAYRTC_CLUSTER_NODE_TIMEOUT_MS', help: 'a node silent this long is dead and its streams are released' },
  { key: 'cluster.edgeLayers', type: string, flag: '--cluster-edge-layers', env: 'RELAYRTC_CLUSTER_EDGE_LAYERS', help: "what an edge pulls: 'all' simulcast layers or the one nearest a height, e.g. 360" },
  { key: 'cluster.edgePublish', type: { kind: 'enum', values: ['refuse', 'accept'] }, flag: '--cluster-edge-publish', env: 'RELAYRTC_CLUSTER_EDGE_PUBLISH', help: 'a publish on an edge: refuse (naming an origin) or accept (the edge is its origin)' },
  { key: 'cluster.pullTimeoutMs', type: int(100), flag: '--cluster-pull-timeout-ms', env: 'RELAYRTC_CLUSTER_PULL_TIMEOUT_MS', help: "ms an edge waits for a pulled stream's first packet" },
  { key: 'cluster.pullLingerMs', type: int(0), flag: '--cluster-pull-linger-ms', env: 'RELAYRTC_CLUSTER_PULL_LINGER_MS', help: 'ms an edge keeps a pull after its last viewer left' },
  { key: 'cluster.layerStartMs', type: int(0), flag: '--cluster-layer-start-ms', env: 'RELAYRTC_CLUSTER_LAYER_START_MS', help: "an origin answers a pull of a younger stream once it is this old (ms), so every simulcast layer has started" },

  { key: 'relay.rembBitrate', type: int(0), flag: '--remb-bitrate', env: 'RELAYRTC_REMB_BITRATE', help: 'bitrate ceiling (bps) announced to publishers' },
  { key: 'relay.keyframeRequestIntervalMs', type: int(1), help: 'upstream keyframe requests per layer at most this often' },
  { key: 'relay.historyMs', type: int(1), help: 'ms of sent packets kept per down-track for NACKs' },
  { key: 'relay.historyPackets', type: int(1), help: 'packets kept per down-track for NACKs' },
  { key: 'relay.keyframeRetryMs', type: int(1), help: 'a viewer waiting for its first keyframe asks again this often' },
  { key: 'relay.keyframeCachePackets', type: int(0), help: 'packets kept per video source since its latest keyframe, for fast joins (0 = off)' },
  { key: 'relay.keyframeReplayMs', type: int(0), help: 'a joining viewer starts from the cached keyframe when it is at most this old' },
  { key: 'relay.layerEvaluationMs', type: int(1), help: "each viewer's simulcast layer is reconsidered this often" },
  { key: 'relay.bitrateMeasurementMs', type: int(1), help: 'bitrateMeasurement goes to each player this often' },
  { key: 'relay.viewerWorkers', type: int(0, 64), flag: '--viewer-workers', env: 'RELAYRTC_VIEWER_WORKERS', help: 'worker threads holding viewers (default: one per core; 0 = on the main thread)' },
  { key: 'relay.rembIntervalMs', type: int(1), help: 'REMB to publishers this often' },

  { key: 'rooms.maxVideoTrackCount', type: int(-1), flag: '--max-video-track-count', env: 'RELAYRTC_MAX_VIDEO_TRACK_COUNT', help: 'video tracks each room player gets at most, the loudest participants first (-1 = all)' },
  { key: 'rooms.speakerHoldMs', type: int(0), help: 'ms a louder participant must stay louder before it takes a video slot' },
  { key: 'rooms.speakerMarginLevels', type: int(0, 127), help: 'how much louder (RFC 6464 levels) it must be' },
  { key: 'rooms.tickMs', type: int(10), help: 'room players reconsider speakers, late tracks and layers this often' },
];

/** The flag and variable that choose the JSON file itself. */
export const CONFIG_FILE_FLAG = '--config';
export const CONFIG_FILE_ENV = 'RELAYRTC_CONFIG';
