/**
 * Sender parameters: simulcast encodings (RFC 8853 rids), bitrate caps,
 * degradation preference and codec order. Every newer API is feature-detected
 * and its absence logged, never thrown as a TypeError.
 */
import { SIMULCAST_LAYERS } from '../core/defaults.js';
import type { Logger } from '../core/logger.js';

/** The `sendEncodings` for a video transceiver: the three layers, or one. */
export function videoEncodings(simulcast: boolean, maxBitrate: number | undefined): RTCRtpEncodingParameters[] {
  if (!simulcast) return [maxBitrate === undefined ? {} : { maxBitrate }];
  return layerCaps(maxBitrate).map((cap, i) => {
    const { rid, scaleResolutionDownBy } = SIMULCAST_LAYERS[i]!;
    return { rid, scaleResolutionDownBy, maxBitrate: cap };
  });
}

/** Each layer's cap: the defaults, or scaled so that all layers together send at most `total`. */
function layerCaps(total: number | undefined): number[] {
  const sum = SIMULCAST_LAYERS.reduce((all, layer) => all + layer.maxBitrate, 0);
  const factor = total === undefined ? 1 : total / sum;
  return SIMULCAST_LAYERS.map((layer) => Math.max(30_000, Math.round(layer.maxBitrate * factor)));
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
  return updateParameters(sender, logger, 'the bitrate', ({ encodings }) => {
    const caps = encodings.length > 1 ? layerCaps(bitsPerSecond) : [bitsPerSecond];
    encodings.forEach((encoding, i) => {
      const cap = caps[i] ?? bitsPerSecond;
      if (cap === undefined) delete encoding.maxBitrate;
      else encoding.maxBitrate = cap;
    });
  });
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
