/**
 * Drives one viewer's video down-track across the publisher's simulcast
 * layers: every evaluation it asks the policy (or honours a forced height)
 * and starts a keyframe-gated switch when the answer changes.
 */
import type { Clock, TimerHandle } from './clock.js';
import type { DownTrack } from './downTrack.js';
import { chooseLayer, defaultLayerPolicy, highestFitting, type LayerPolicyOptions, type NetworkReport } from './layerPolicy.js';
import type { SourceTrack } from './sourceTrack.js';

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

  /** Pins the layer of that height (0 returns to automatic); false when no live layer has it. */
  force(height: number): boolean {
    if (height !== 0 && !this.options.layers().some((layer) => layer.frameHeight === height)) return false;
    this.forcedHeight = height;
    this.healthyStreak = 0;
    this.evaluate();
    return true;
  }

  evaluate(): void {
    const layers = this.options.layers();
    if (layers.length < 2 && this.forcedHeight === 0) return;
    const target = this.forcedHeight > 0 ? layers.find((l) => l.frameHeight === this.forcedHeight) : this.automaticChoice(layers);
    if (target) this.downTrack.switchTo(target);
  }

  close(): void {
    this.timer.cancel();
  }

  private automaticChoice(layers: SourceTrack[]): SourceTrack | undefined {
    const choices = layers.map((layer) => ({ height: layer.frameHeight, bitrate: layer.bitsPerSecond }));
    const network = this.options.network();
    const policy = this.options.policy ?? defaultLayerPolicy;
    if (!this.placed) {
      // A new viewer starts on the best layer its ceiling allows, not at the bottom of a slow climb.
      if (choices.some((choice) => choice.height === 0)) return undefined;
      this.placed = true;
      return layers[highestFitting(choices, network.ceiling === undefined ? undefined : network.ceiling * policy.headroom)];
    }
    const heading = this.downTrack.pendingSource ?? this.downTrack.source;
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
