/**
 * Which simulcast layer a viewer should get. Ant Media's stats-based ABR
 * (§6.2) is the model: step down when the viewer reports loss above 1%, step
 * up one layer only after the network has looked healthy (loss under 0.1%,
 * RTT under 150 ms, jitter under 30 ms) for a few evaluations (an unhealthy
 * one takes one back). A
 * ceiling (an operator's or a test's cap on the viewer's bandwidth) bounds
 * the choice. The browser's REMB is not used to go up: a receive-side
 * estimate follows what it is sent and would pin a viewer to whatever layer
 * it started on. Pure: state in, decision out.
 */

export interface LayerChoice {
  /** Layer height in pixels (0 when not yet known). */
  height: number;
  /** Measured bitrate of the layer, bps. */
  bitrate: number;
}

export interface NetworkReport {
  /** The viewer browser's own estimate (REMB), bps, for reporting; undefined before the first. */
  estimate: number | undefined;
  /** Bandwidth the viewer may not exceed, bps; undefined = no cap. */
  ceiling: number | undefined;
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
  /** Use at most this share of a ceiling, leaving room for audio and retransmissions. */
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
export function highestFitting(layers: LayerChoice[], budget: number | undefined): number {
  if (budget === undefined) return Math.max(0, layers.length - 1);
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
  const allowed = highestFitting(layers, network.ceiling === undefined ? undefined : network.ceiling * options.headroom);
  if (allowed < at) return { index: allowed, healthyStreak: 0 };
  if (network.lossFraction > options.downLoss) return { index: Math.max(0, at - 1), healthyStreak: 0 };
  if (allowed === at) return { index: at, healthyStreak: 0 };
  const healthy =
    network.lossFraction < options.upLoss &&
    (network.rttMs === undefined || network.rttMs < options.upRttMs) &&
    (network.jitterMs === undefined || network.jitterMs < options.upJitterMs);
  // One noisy report (a jitter spike on a busy machine) slows the climb instead of restarting it.
  if (!healthy) return { index: at, healthyStreak: Math.max(0, healthyStreak - 1) };
  const streak = healthyStreak + 1;
  return streak >= options.upAfterEvaluations ? { index: at + 1, healthyStreak: 0 } : { index: at, healthyStreak: streak };
}
