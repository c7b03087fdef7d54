/**
 * Which simulcast layer a viewer should get: the highest whose bitrate fits
 * its bandwidth estimate, down at once when it no longer fits or loss climbs,
 * up one step only after the network has looked healthy for a while
 * (Ant Media's stats-based ABR thresholds as defaults, §6.2). Pure: state in,
 * decision out.
 */

export interface LayerChoice {
  /** Layer height in pixels (0 when not yet known). */
  height: number;
  /** Measured bitrate of the layer, bps. */
  bitrate: number;
}

export interface NetworkReport {
  /** The viewer's bandwidth estimate (REMB), bps; undefined before the first report. */
  estimate: number | undefined;
  /** Fraction of packets lost (0-1) from the viewer's receiver reports. */
  lossFraction: number;
  rttMs: number | undefined;
  jitterMs: number | undefined;
}

export interface LayerPolicyOptions {
  /** Step down when loss exceeds this fraction (abrDownScalePacketLostRatio 1%). */
  downLoss: number;
  /** Step up only under this loss (abrUpScalePacketLostRatio 0.1%), RTT and jitter. */
  upLoss: number;
  upRttMs: number;
  upJitterMs: number;
  /** Use at most this share of the estimate, leaving room for audio and probing. */
  headroom: number;
  /** Consecutive healthy evaluations before stepping up. */
  upAfterEvaluations: number;
}

export const defaultLayerPolicy: LayerPolicyOptions = {
  downLoss: 0.01,
  upLoss: 0.001,
  upRttMs: 150,
  upJitterMs: 30,
  headroom: 0.9,
  upAfterEvaluations: 3,
};

export interface LayerDecision {
  /** Index into the (ascending) layers. */
  index: number;
  /** Healthy evaluations counted toward the next step up. */
  healthyStreak: number;
}

/** Index of the highest layer whose bitrate fits `budget` (the lowest when none fits). */
function highestFitting(layers: LayerChoice[], budget: number): number {
  let index = 0;
  layers.forEach((layer, i) => {
    if (layer.bitrate <= budget) index = i;
  });
  return index;
}

export function chooseLayer(
  layers: LayerChoice[],
  current: number,
  healthyStreak: number,
  network: NetworkReport,
  options: LayerPolicyOptions = defaultLayerPolicy,
): LayerDecision {
  const top = layers.length - 1;
  if (top < 0) return { index: 0, healthyStreak: 0 };
  const at = Math.min(Math.max(current, 0), top);
  const fits = network.estimate === undefined ? top : highestFitting(layers, network.estimate * options.headroom);
  if (network.lossFraction > options.downLoss) return { index: Math.max(0, Math.min(at - 1, fits)), healthyStreak: 0 };
  if (fits < at) return { index: fits, healthyStreak: 0 };
  if (fits === at) return { index: at, healthyStreak: 0 };
  const healthy =
    network.lossFraction < options.upLoss &&
    (network.rttMs === undefined || network.rttMs < options.upRttMs) &&
    (network.jitterMs === undefined || network.jitterMs < options.upJitterMs);
  if (!healthy) return { index: at, healthyStreak: 0 };
  const streak = healthyStreak + 1;
  return streak >= options.upAfterEvaluations ? { index: at + 1, healthyStreak: 0 } : { index: at, healthyStreak: streak };
}
