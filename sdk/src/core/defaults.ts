/** SDK defaults, in one place, each with the reason for its value. */

/** Ant Media's client pings every 3 s (antmedia-protocol.md §4.1.2); servers may expect that rhythm. */
export const PING_INTERVAL_MS = 3000;

/**
 * A socket that has answered nothing (not even a pong) for this many ping
 * periods is dead: a network drop often leaves it "open" for minutes before
 * the browser notices. 4 × 3 s rides out a busy server without waiting long.
 */
export const MISSED_PINGS_BEFORE_CLOSE = 4;

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
 * How long forceStreamQuality() waits for `resolutionChangeInfo`. The server
 * sends nothing when the layer asked for is the one already playing, so the
 * promise then resolves without a height after this grace period.
 */
export const QUALITY_CONFIRM_TIMEOUT_MS = 3000;

/**
 * No ICE servers by default: the relay server has a reachable address, and a
 * client behind NAT is found through peer-reflexive candidates. Pass STUN/TURN
 * servers when the server itself is behind NAT or UDP is blocked.
 */
export const DEFAULT_ICE_SERVERS: readonly RTCIceServer[] = [];

/**
 * Simulcast on by default for published video: the relay then has three
 * layers to choose from per viewer instead of forcing everyone down to the
 * slowest viewer's rate. Set `simulcast: false` on publish() to send one layer.
 */
export const SIMULCAST = true;

/**
 * The layers (RFC 8853 rids), lowest first, as the server expects them:
 * quarter, half and full resolution. The caps follow the ratios browsers use
 * for 720p simulcast (1.75 Mbit/s in all); a bitrate cap scales them together.
 */
export const SIMULCAST_LAYERS: ReadonlyArray<{ rid: string; scaleResolutionDownBy: number; maxBitrate: number }> = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 400_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

/**
 * What LocalMedia.capture() asks for: 720p where the camera has it. Chrome
 * sends all three simulcast layers only from 960×540 up (from 640×480 it
 * drops the full-resolution layer), and most webcams default to 640×480.
 */
export const CAPTURE_CONSTRAINTS: MediaStreamConstraints = {
  audio: true,
  video: { width: { ideal: 1280 }, height: { ideal: 720 } },
};

/**
 * Keep the resolution when the encoder must cut: viewers of a relay prefer a
 * sharp picture at a lower frame rate (and Ant Media's default is the same).
 */
export const DEGRADATION_PREFERENCE: RTCDegradationPreference = 'maintain-resolution';

/** Publishers open a data channel (label = streamId), as Ant Media's dataChannelEnabled does by default. */
export const DATA_CHANNEL = true;

/**
 * Binary chunk payload. Ant Media's SDK uses 16000 bytes; matching it lets
 * the official client reassemble what we send, and it stays under every
 * browser's SCTP message limit (16 KiB is the portable floor).
 */
export const DATA_CHUNK_BYTES = 16_000;

/** Stop queueing chunks when this much is buffered: about a second of a fast link, bounded memory. */
export const DATA_HIGH_WATER_BYTES = 1 << 20;

/** Resume on `bufferedamountlow` at this level, leaving enough queued to keep SCTP busy. */
export const DATA_LOW_WATER_BYTES = 256 << 10;

/** Text up to this size goes out as one message; every browser accepts 64 KiB, most far more. */
export const DATA_MAX_TEXT_BYTES = 65_536;

/** A `stats` event every second: fine enough for a live chart, cheap (one getStats per stream). */
export const STATS_INTERVAL_MS = 1000;

/**
 * Rates are measured over at least this long: two readers sampling a few ms
 * apart (the stats event and an application's own call) would otherwise turn
 * timing noise into a bitrate spike.
 */
export const STATS_MIN_RATE_INTERVAL_MS = 500;

/**
 * ICE `disconnected` often heals by itself within a few seconds (a Wi-Fi
 * roam, a brief loss); only after this long do we restart ICE.
 */
export const ICE_DISCONNECTED_GRACE_MS = 4000;

/** An ICE restart that has not reconnected in this long gives way to a full re-publish or re-play. */
export const ICE_RESTART_TIMEOUT_MS = 8000;

/**
 * Reconnection backoff: the first attempt at once, the next after ~0.5 s, doubling to a 10 s cap,
 * each delay cut by up to half at random so a thousand clients dropped by
 * one server restart do not come back in lockstep. After 10 minutes of
 * failures the SDK gives up and reports the last error.
 */
export const RECONNECT_INITIAL_DELAY_MS = 500;
export const RECONNECT_MAX_DELAY_MS = 10_000;
export const RECONNECT_MULTIPLIER = 2;
export const RECONNECT_JITTER = 0.5;
export const RECONNECT_GIVE_UP_MS = 10 * 60_000;

/**
 * A player waiting for a stream that is not live yet (`waitForStream`) asks
 * again this often when nothing announces it: our server sends
 * `streaming_started` to the sockets that asked, Ant Media's does not, and its
 * own SDK asks again every 3 s as well.
 */
export const STREAM_WAIT_RETRY_MS = 3000;
