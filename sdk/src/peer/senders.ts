/**
 * Sender parameters: simulcast encodings (RFC 8853 rids), bitrate caps,
 * degradation preference and codec order. Every newer API is feature-detected
 * and its absence logged, never thrown as a TypeError.
 */
import { SIMULCAST_LAYERS } from '../core/defaults.js';
import type { Logger } from '../core/logger.js';

type Layer = (typeof SIMULCAST_LAYERS)[number];

/**
 * The `sendEncodings` for a video transceiver: as many simulcast layers as a
 * picture of `size` gets (see simulcastLayers), or one encoding.
 */
export function videoEncodings(simulcast: boolean, maxBitrate: number | undefined, size?: { width?: number; height?: number }): RTCRtpEncodingParameters[] {
  const layers = simulcast ? simulcastLayers(size) : [];
  if (layers.length < 2) return [maxBitrate === undefined ? {} : { maxBitrate }];
  const caps = layerCaps(maxBitrate, layers);
  return layers.map(({ rid, scaleResolutionDownBy }, i) => ({ rid, scaleResolutionDownBy, maxBitrate: caps[i] }));
}

/**
 * The layers worth sending for a picture this size, the full-resolution one
 * always among them. Chrome sends only its first N encodings below 960×540
 * (two from 480×270, one below), so the three layers of a 640×480 camera
 * reached viewers at 320×240 at best, and of a 320×240 one at 80×60. An
 * unknown size asks for all three.
 */
export function simulcastLayers(size: { width?: number; height?: number } | undefined): readonly Layer[] {
  const pixels = (size?.width ?? 0) * (size?.height ?? 0);
  const count = !(pixels > 0) || pixels >= 960 * 540 ? 3 : pixels >= 480 * 270 ? 2 : 1;
  return SIMULCAST_LAYERS.slice(SIMULCAST_LAYERS.length - count);
}

/** Each layer's cap: the defaults, or scaled so that the layers together send at most `total`. */
function layerCaps(total: number | undefined, layers: readonly Layer[]): number[] {
  const sum = layers.reduce((all, layer) => all + layer.maxBitrate, 0);
  const factor = total === undefined ? 1 : total / sum;
  return layers.map((layer) => Math.max(30_000, Math.round(layer.maxBitrate * factor)));
}

/** Changes a sender's parameters in one getParameters/setParameters transaction. */
export async function updateParameters(
  sender: RTCRtpSender,
  logger: Logger,
  what: string,
  change: (parameters: RTCRtpSendParameters) => void,
): Promise<boolean> {
  if (typeof sender.getParameters !== 'function' || typeof sender.setParameters !== 'function') {
    logger.warn(`cannot set ${what}: this browser has no RTCRtpSender.setParameters`);
    return false;
  }
  const parameters = sender.getParameters();
  if (!parameters.encodings || parameters.encodings.length === 0) parameters.encodings = [{}];
  change(parameters);
  try {
    await sender.setParameters(parameters);
    return true;
  } catch (error) {
    logger.warn(`could not set ${what}`, error);
    return false;
  }
}

/** Caps a video sender; with simulcast the layers share the cap in their default ratios. */
export function setMaxBitrate(sender: RTCRtpSender, bitsPerSecond: number | undefined, logger: Logger): Promise<boolean> {
  return updateParameters(sender, logger, 'the bitrate', ({ encodings }) => applyCaps(encodings, bitsPerSecond));
}

/**
 * After the sender's track changed (another camera, a screen): the layers
 * this picture gets, the full-resolution one among them, on the first
 * encodings (those Chrome keeps sending); the others are turned off. A
 * 720p publish switched to a 640×480 camera would otherwise reach viewers
 * at 320×240, and a shared 800×600 window at 400×300.
 */
export function fitLayersToPicture(sender: RTCRtpSender, size: { width?: number; height?: number } | undefined, total: number | undefined, logger: Logger): Promise<boolean> {
  const current = typeof sender.getParameters === 'function' ? sender.getParameters().encodings : undefined;
  if (!current || current.length < 2 || !size) return Promise.resolve(false);
  const layers = simulcastLayers(size).slice(-current.length);
  const alreadySo = (encoding: RTCRtpEncodingParameters, i: number) => {
    const layer = layers[i];
    return layer ? encoding.active !== false && encoding.scaleResolutionDownBy === layer.scaleResolutionDownBy : encoding.active === false;
  };
  if (current.every(alreadySo)) return Promise.resolve(false);
  return updateParameters(sender, logger, 'the simulcast layers', ({ encodings }) => {
    encodings.forEach((encoding, i) => {
      const layer = layers[i];
      encoding.active = layer !== undefined;
      if (layer) encoding.scaleResolutionDownBy = layer.scaleResolutionDownBy;
    });
    applyCaps(encodings, total);
  });
}

/** `total` shared by the sending layers in their default ratios (each known by its scale), or one encoding's cap. */
function applyCaps(encodings: RTCRtpEncodingParameters[], total: number | undefined): void {
  if (encodings.length < 2) {
    if (total === undefined) delete encodings[0]!.maxBitrate;
    else encodings[0]!.maxBitrate = total;
    return;
  }
  const sending = encodings.filter((encoding) => encoding.active !== false);
  const byScale = (encoding: RTCRtpEncodingParameters) =>
    SIMULCAST_LAYERS.find((layer) => layer.scaleResolutionDownBy === (encoding.scaleResolutionDownBy ?? 1)) ?? SIMULCAST_LAYERS[SIMULCAST_LAYERS.length - 1]!;
  const caps = layerCaps(total, sending.map(byScale));
  sending.forEach((encoding, i) => (encoding.maxBitrate = caps[i]));
}

export function setDegradationPreference(sender: RTCRtpSender, preference: RTCDegradationPreference, logger: Logger): Promise<boolean> {
  return updateParameters(sender, logger, 'the degradation preference', (parameters) => {
    (parameters as { degradationPreference?: RTCDegradationPreference }).degradationPreference = preference;
  });
}

/**
 * When the answer refused simulcast, browsers keep only the first (quarter
 * size) encoding: send it at full resolution instead.
 */
export function fullResolutionIfSingleLayer(sender: RTCRtpSender, logger: Logger): Promise<boolean> {
  const encodings = typeof sender.getParameters === 'function' ? sender.getParameters().encodings : undefined;
  const only = encodings && encodings.length === 1 ? encodings[0] : undefined;
  if (!only || !only.scaleResolutionDownBy || only.scaleResolutionDownBy === 1) return Promise.resolve(false);
  return updateParameters(sender, logger, 'the resolution', ({ encodings: [first] }) => {
    first!.scaleResolutionDownBy = 1;
  });
}

/** Puts `codec` (e.g. 'H264') first in a video transceiver's codec list. */
export function preferCodec(transceiver: RTCRtpTransceiver, codec: string, logger: Logger): void {
  const capabilities = typeof RTCRtpSender !== 'undefined' && RTCRtpSender.getCapabilities ? RTCRtpSender.getCapabilities('video') : null;
  if (!capabilities || typeof transceiver.setCodecPreferences !== 'function') {
    logger.warn(`cannot prefer ${codec}: this browser cannot reorder codecs`);
    return;
  }
  const wanted = `video/${codec}`.toLowerCase();
  const codecs = capabilities.codecs;
  const first = codecs.filter((c) => c.mimeType.toLowerCase() === wanted);
  if (first.length === 0) {
    logger.warn(`cannot prefer ${codec}: this browser does not send it`);
    return;
  }
  try {
    transceiver.setCodecPreferences(first.concat(codecs.filter((c) => first.indexOf(c) < 0)));
  } catch (error) {
    logger.warn(`could not prefer ${codec}`, error);
  }
}
