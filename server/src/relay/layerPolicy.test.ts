import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseLayer, defaultLayerPolicy, highestFitting, type LayerChoice, type NetworkReport } from './layerPolicy.js';

/** 180p, 360p and 720p simulcast, lowest first. */
const LAYERS: LayerChoice[] = [
  { height: 180, bitrate: 150_000 },
  { height: 360, bitrate: 500_000 },
  { height: 720, bitrate: 1_500_000 },
];
const TOP = 2;

/** What a viewer on a clean network reports: under every step-up threshold. */
const HEALTHY: NetworkReport = { estimate: undefined, ceiling: undefined, lossFraction: 0, rttMs: 40, jitterMs: 5 };

function network(overrides: Partial<NetworkReport>): NetworkReport {
  return { ...HEALTHY, ...overrides };
}

/** The layer after each of `evaluations` evaluations, starting at `index`. */
function run(evaluations: number, reports: NetworkReport | NetworkReport[], index = 0, layers = LAYERS): number[] {
  let state = { index, healthyStreak: 0 };
  const trail: number[] = [];
  for (let i = 0; i < evaluations; i++) {
    const report = Array.isArray(reports) ? reports[i % reports.length]! : reports;
    state = chooseLayer(layers, state.index, state.healthyStreak, report);
    trail.push(state.index);
  }
  return trail;
}

describe('highestFitting', () => {
  it('is the highest layer whose bitrate fits the budget, a bitrate equal to it included', () => {
    assert.equal(highestFitting(LAYERS, 1_000_000), 1);
    assert.equal(highestFitting(LAYERS, 500_000), 1);
    assert.equal(highestFitting(LAYERS, 10_000_000), TOP);
  });

  it('is the lowest layer when none fits, and the top one without a budget', () => {
    assert.equal(highestFitting(LAYERS, 1000), 0);
    assert.equal(highestFitting(LAYERS, undefined), TOP);
  });
});

describe('chooseLayer: ceiling', () => {
  it('forces down at once to the highest layer that fits 90% of the ceiling', () => {
    assert.deepEqual(chooseLayer(LAYERS, TOP, 2, network({ ceiling: 600_000 })), { index: 1, healthyStreak: 0 });
    assert.deepEqual(chooseLayer(LAYERS, TOP, 2, network({ ceiling: 540_000 })), { index: 0, healthyStreak: 0 }, '90% of 540k is under 500k');
  });

  it('never climbs above the ceiling however healthy the network', () => {
    assert.deepEqual(run(10, network({ ceiling: 600_000 })), [0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('chooseLayer: loss', () => {
  it('steps down one layer when loss exceeds 1%', () => {
    assert.deepEqual(chooseLayer(LAYERS, TOP, 2, network({ lossFraction: 0.05 })), { index: 1, healthyStreak: 0 });
    assert.deepEqual(run(3, network({ lossFraction: 0.011 }), TOP), [1, 0, 0]);
  });

  it('holds at exactly 1% loss', () => {
    assert.deepEqual(run(3, network({ lossFraction: defaultLayerPolicy.downLoss }), 1), [1, 1, 1]);
  });
});

describe('chooseLayer: stepping up', () => {
  it('steps up one layer at a time, each after three healthy evaluations', () => {
    assert.equal(defaultLayerPolicy.upAfterEvaluations, 3);

    assert.deepEqual(run(8, HEALTHY), [0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it('counts an unknown RTT or jitter as healthy', () => {
    assert.deepEqual(run(3, network({ rttMs: undefined, jitterMs: undefined })), [0, 0, 1]);
  });

  for (const [name, report] of [
    ['loss of 0.1%', network({ lossFraction: 0.001 })],
    ['an RTT of 150 ms', network({ rttMs: 150 })],
    ['a jitter of 30 ms', network({ jitterMs: 30 })],
  ] as const) {
    it(`does not count ${name} as healthy: one off the streak, not a reset, and no step down`, () => {
      assert.deepEqual(chooseLayer(LAYERS, 0, 2, report), { index: 0, healthyStreak: 1 });
      assert.deepEqual(chooseLayer(LAYERS, 0, 0, report), { index: 0, healthyStreak: 0 });
    });
  }

  it('still climbs, more slowly, through an occasional noisy report', () => {
    const noisy = network({ jitterMs: 45 });

    assert.deepEqual(run(6, [HEALTHY, HEALTHY, noisy]), [0, 0, 0, 0, 1, 1]);
  });

  it('keeps no streak at the top layer', () => {
    assert.deepEqual(chooseLayer(LAYERS, TOP, 2, HEALTHY), { index: TOP, healthyStreak: 0 });
  });
});

describe('chooseLayer: estimate and edge cases', () => {
  it('never moves on the estimate (REMB) alone', () => {
    assert.deepEqual(run(3, network({ estimate: 50_000 }), TOP), [TOP, TOP, TOP], 'a low estimate does not push down');
    assert.deepEqual(run(3, network({ estimate: 50_000 })), [0, 0, 1], 'nor hold back a climb');
    assert.deepEqual(run(2, network({ estimate: 50_000_000 })), [0, 0], 'a high one does not jump up');
  });

  it('answers the first layer when there are none', () => {
    assert.deepEqual(chooseLayer([], 3, 2, HEALTHY), { index: 0, healthyStreak: 0 });
  });

  it('stays on a single layer whatever the network says', () => {
    const single = [LAYERS[1]!];

    assert.deepEqual(run(4, HEALTHY, 0, single), [0, 0, 0, 0]);
    assert.deepEqual(run(2, network({ lossFraction: 0.5, ceiling: 1000 }), 0, single), [0, 0]);
  });

  it('treats an out-of-range current index as the nearest layer', () => {
    assert.deepEqual(chooseLayer(LAYERS, -1, 0, network({ lossFraction: 0.05 })), { index: 0, healthyStreak: 0 });
    assert.deepEqual(chooseLayer(LAYERS, 7, 0, network({ lossFraction: 0.05 })), { index: 1, healthyStreak: 0 });
  });
});
