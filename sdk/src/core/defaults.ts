/** SDK defaults, in one place, each with the reason for its value. */

/** Ant Media's client pings every 3 s (antmedia-protocol.md §4.1.2); servers may expect that rhythm. */
export const PING_INTERVAL_MS = 3000;

/** Opening a WebSocket to a reachable server takes well under a second; 10 s covers slow mobile links. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * publish()/play() deadline. Longer than the server's own publish timeout
 * (Ant Media's webRTCClientStartTimeoutMs, 10 s), so the server's precise
 * `publishTimeoutError` arrives before our generic TIMEOUT.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * How long stop() waits for the server's publish_finished / play_finished.
 * The stream is already closed locally; this only lets stop() settle on the
 * server's answer when one comes promptly.
 */
export const STOP_CONFIRM_TIMEOUT_MS = 1000;

/**
 * No ICE servers by default: the relay server has a reachable address, and a
 * client behind NAT is found through peer-reflexive candidates. Pass STUN/TURN
 * servers when the server itself is behind NAT or UDP is blocked.
 */
export const DEFAULT_ICE_SERVERS: readonly RTCIceServer[] = [];
