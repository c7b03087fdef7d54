/**
 * Drives one viewer's video down-track across the publisher's simulcast
 * layers: every evaluation it asks the policy, among the layers the
 * publisher has not paused (or honours a forced height), and starts a
 * keyframe-gated switch when the answer changes; a viewer on a layer the
 * publisher paused moves off it.
 */
import type { Clock, TimerHandle } from './clock.js';
import type { DownTrack } from './downTrack.js';
import { chooseLayer, defaultLayerPolicy, highestFitting, type LayerPolicyOptions, type NetworkReport } from './layerPolicy.js';
import { sendingLayers, type SourceTrack } from './sourceTrack.js';

export interface LayerControllerOptions {
  clock: Clock;
  evaluationIntervalMs: number;
  policy?: LayerPolicyOptions;
  /** The publisher's video layers, lowest first. */
  layers: () => SourceTrack[];
  /** What the viewer's reports say now. */
  network: () => NetworkReport;
}

export class LayerController {
  /** Height pinned by forceStreamQuality; 0 = automatic. */
  private forcedHeight = 0;
  private healthyStreak = 0;
  /** False until the first choice made with every layer's size known: that one may jump straight to the best layer. */
  private placed = false;
  private readonly timer: TimerHandle;

  constructor(
    private readonly downTrack: DownTrack,
    private readonly options: LayerControllerOptions,
  ) {
    this.timer = options.clock.every(options.evaluationIntervalMs, () => this.evaluate());
  }

  get forced(): number {
    return this.forcedHeight;
  }

  /**
   * Pins the layer of that height (0 returns to automatic), now or as soon as a layer still
   * starting turns out to have it; false when no layer has it or may have it.
   */
  force(height: number): boolean {
    if (height !== 0 && !mayHaveHeight(this.options.layers(), height)) return false;
    this.forcedHeight = height;
    this.healthyStreak = 0;
    this.evaluate();
    return true;
  }

  evaluate(): void {
    const all = this.options.layers();
    if (this.forcedHeight > 0) {
      const pinned = all.find((l) => l.frameHeight === this.forcedHeight);
      if (pinned) {
        this.downTrack.switchTo(pinned);
        return;
      }
      // No layer has that height yet (one still starting) or any more (the publisher's picture changed):
      // the automatic choice holds until one has, rather than leaving the viewer wherever it was.
    }
    // Automatic choices leave out the layers the publisher paused: one would show the viewer nothing.
    const layers = sendingLayers(all);
    const heading = this.downTrack.pendingSource ?? this.downTrack.source;
    if (layers.length < 2 && layers.includes(heading)) return;
    const target = this.automaticChoice(layers);
    if (target) this.downTrack.switchTo(target);
  }

  close(): void {
    this.timer.cancel();
  }

  private automaticChoice(layers: SourceTrack[]): SourceTrack | undefined {
    const choices = layers.map((layer) => ({ height: layer.frameHeight, bitrate: layer.bitsPerSecond }));
    const network = this.options.network();
    const policy = this.options.policy ?? defaultLayerPolicy;
    const budget = network.ceiling === undefined ? undefined : network.ceiling * policy.headroom;
    const heading = this.downTrack.pendingSource ?? this.downTrack.source;
    if (!layers.includes(heading)) {
      // Its layer was paused: the best other one that fits, by bitrate (a size may not be known yet).
      this.healthyStreak = 0;
      return layers[highestFitting(choices, budget)];
    }
    if (!this.placed) {
      // A new viewer starts on the best layer its ceiling allows, not at the bottom of a slow climb.
      if (choices.some((choice) => choice.height === 0)) return undefined;
      this.placed = true;
      return layers[highestFitting(choices, budget)];
    }
    const decision = chooseLayer(
      choices,
      layers.indexOf(heading),
      this.healthyStreak,
      network,
      policy,
    );
    this.healthyStreak = decision.healthyStreak;
    return layers[decision.index];
  }
}

/**
 * Whether one of `layers` has that frame height, or may have: a layer that is sending (or still
 * expected) but has not shown its size yet. A publisher's layers start one by one, Firefox's
 * lower ones a second or more after the top one.
 */
export function mayHaveHeight(layers: readonly SourceTrack[], height: number): boolean {
  return layers.some((layer) => layer.frameHeight === height || (layer.frameHeight === 0 && layer.isSending));
}
