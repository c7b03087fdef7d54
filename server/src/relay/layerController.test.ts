import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { DownTrack } from './downTrack.js';
import { LayerController } from './layerController.js';
import { ABSENT_AFTER_MS } from './sourceTrack.js';
import type { NetworkReport } from './layerPolicy.js';
import { RecordingEgress } from './testing/packets.js';
import { FRAME_MS, downTrackOptions, layerSource, play } from './testing/relay.js';

const EVALUATION_MS = 1000;

/**
 * A viewer's down-track on the 180p layer of a 180p/360p/720p simulcast
 * (150 kbps, 500 kbps, 1.5 Mbps) and its controller, on a healthy network the
 * test can change. Nothing has been played yet: no layer's size is known.
 */
function arrange() {
  const clock = new FakeClock();
  const q = layerSource(clock, { height: 180, bitrate: 150_000 });
  const m = layerSource(clock, { height: 360, bitrate: 500_000 });
  const h = layerSource(clock, { height: 720, bitrate: 1_500_000 });
  const layers = [q, m, h];
  const downTrack = new DownTrack(q.source, new RecordingEgress(), downTrackOptions(clock));
  const network: NetworkReport = { estimate: undefined, ceiling: undefined, lossFraction: 0, rttMs: 40, jitterMs: 5 };
  const controller = new LayerController(downTrack, {
    clock,
    evaluationIntervalMs: EVALUATION_MS,
    layers: () => layers.map((layer) => layer.source),
    network: () => network,
  });
  /** Height of the layer the viewer is on, and of the one it is switching to. */
  const on = () => downTrack.source.frameHeight;
  const heading = () => (downTrack.pendingSource ?? downTrack.source).frameHeight;
  /** Plays every layer up to just before the next evaluation. */
  const playUntilJustBeforeEvaluation = () => play(clock, layers, EVALUATION_MS - (clock.now() % EVALUATION_MS) - FRAME_MS);
  return { clock, q, m, h, layers, downTrack, network, controller, on, heading, playUntilJustBeforeEvaluation };
}

/** Arranged, then played until the viewer sits on the layer it was placed on. */
function placed(ceiling?: number) {
  const arranged = arrange();
  arranged.network.ceiling = ceiling;
  play(arranged.clock, arranged.layers, 1100);
  assert.equal(arranged.downTrack.pendingSource, undefined, 'settled');
  return arranged;
}

describe('LayerController: placing a new viewer', () => {
  it('waits until every layer has told its height, then goes straight to the best one', () => {
    const { clock, q, m, h, downTrack, heading } = arrange();

    play(clock, [q, m], 1500);
    const beforeAllKnown = { heading: heading(), switches: downTrack.stats.layerSwitches };
    play(clock, [q, m, h], 1000);
    const decided = heading();
    play(clock, [q, m, h], 2 * FRAME_MS);

    assert.deepEqual(beforeAllKnown, { heading: 180, switches: 0 }, 'no decision while the 720p size is unknown');
    assert.equal(decided, 720, 'placed on the top layer at the first evaluation with every height known');
    assert.equal(downTrack.source, h.source, 'switched on the keyframe it asked for');
    assert.equal(downTrack.stats.layerSwitches, 1, 'one jump, not a climb through 360p');
  });

  it('places the viewer among the layers that started once another has sent nothing for ABSENT_AFTER_MS (Chrome leaves layers out of a small picture)', () => {
    const { clock, q, m, heading } = arrange();

    play(clock, [q, m], ABSENT_AFTER_MS - FRAME_MS);
    const whileExpected = heading();
    play(clock, [q, m], 1000 + 2 * FRAME_MS);

    assert.equal(whileExpected, 180, 'the 720p layer may still start');
    assert.equal(heading(), 360, 'placed on the best layer that sends');
  });

  it('places the viewer on the highest layer that fits 90% of its ceiling', () => {
    const { on } = placed(700_000);

    assert.equal(on(), 360);
  });

  it('keeps a viewer whose ceiling fits only the lowest layer there', () => {
    const { on, downTrack } = placed(100_000);

    assert.equal(on(), 180);
    assert.equal(downTrack.stats.layerSwitches, 0);
  });
});

describe('LayerController: evaluating on its timer', () => {
  it('acts on the network only at the next evaluation', () => {
    const { network, heading, playUntilJustBeforeEvaluation, clock, layers } = placed();
    network.lossFraction = 0.05;

    playUntilJustBeforeEvaluation();
    const beforeTick = heading();
    play(clock, layers, FRAME_MS);

    assert.equal(beforeTick, 720);
    assert.equal(heading(), 360, 'loss over 1%: one layer down');
  });

  it('follows a lowered ceiling down at once, then climbs one layer per three healthy evaluations', () => {
    const { clock, layers, network, on } = placed();
    const trail: number[] = [];

    network.ceiling = 200_000;
    play(clock, layers, 1000);
    trail.push(on());
    network.ceiling = undefined;
    for (let i = 0; i < 6; i++) {
      play(clock, layers, 1000);
      trail.push(on());
    }

    assert.deepEqual(trail, [180, 180, 180, 360, 360, 360, 720]);
  });
});

describe('LayerController: force(height)', () => {
  it('pins the layer of that height, whatever the network says', () => {
    const { clock, layers, network, controller, heading } = placed();

    const accepted = controller.force(360);
    network.lossFraction = 0.05;
    play(clock, layers, 3000);

    assert.equal(accepted, true);
    assert.equal(controller.forced, 360);
    assert.equal(heading(), 360);
  });

  it('refuses a height no layer has, and changes nothing', () => {
    const { controller, heading } = placed();
    controller.force(360);

    const accepted = controller.force(480);

    assert.equal(accepted, false);
    assert.equal(controller.forced, 360);
    assert.equal(heading(), 360);
  });

  it('pins a height whose layer has not shown its size yet: automatic meanwhile, that layer once it has', () => {
    const { clock, q, m, h, controller, heading } = arrange();
    play(clock, [q, h], 1100); // 360p announced, not started yet (Firefox starts its lower layers late)

    const accepted = controller.force(360);
    play(clock, [q, h], 500);
    const meanwhile = heading();
    play(clock, [q, m, h], 1500);

    assert.equal(accepted, true);
    assert.equal(meanwhile, 180, 'automatic, which places nobody while a size is unknown');
    assert.equal(heading(), 360);
  });

  it('keeps choosing automatically when the layer still starting turns out to have another height', () => {
    const { clock, q, m, h, controller, heading } = arrange();
    play(clock, [q, h], 1100);

    const accepted = controller.force(480); // 360p's size is not known yet: it may be 480
    play(clock, [q, m, h], 2500);

    assert.equal(accepted, true);
    assert.equal(heading(), 720, 'placed on the best layer, as without the pin');
  });

  it('refuses a height whose only unsized layer never started', () => {
    const { clock, q, h, controller } = arrange();
    play(clock, [q, h], ABSENT_AFTER_MS + FRAME_MS);

    assert.equal(controller.force(360), false);
  });

  it('returns to automatic choice with 0, deciding at once', () => {
    const { network, controller, heading } = placed();
    controller.force(360);
    network.lossFraction = 0.05;

    const accepted = controller.force(0);

    assert.equal(accepted, true);
    assert.equal(controller.forced, 0);
    assert.equal(heading(), 180, 'the policy stepped down from 360p on the loss');
  });
});

describe('LayerController: close()', () => {
  it('stops its evaluation timer', () => {
    const { clock, layers, network, controller, heading } = placed();
    const timersBefore = clock.pendingTimers;

    controller.close();
    const timersAfter = clock.pendingTimers;
    network.lossFraction = 0.5;
    play(clock, layers, 3000);

    assert.equal(timersBefore - timersAfter, 1);
    assert.equal(heading(), 720, 'no evaluation acted on the loss');
  });
});
