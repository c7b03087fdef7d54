import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pulledLayers } from './pulledLayers.js';

const layers = [{ frameHeight: 180 }, { frameHeight: 360 }, { frameHeight: 720 }];

describe('pulled layers', () => {
  it('sends every layer, lowest first, when the edge wants all', () => {
    assert.deepEqual(pulledLayers(layers, 'all'), layers);
  });

  it('sends the one layer nearest the height the edge registered for', () => {
    assert.deepEqual(pulledLayers(layers, 360), [{ frameHeight: 360 }]);
    assert.deepEqual(pulledLayers(layers, 480), [{ frameHeight: 360 }]);
    assert.deepEqual(pulledLayers(layers, 1080), [{ frameHeight: 720 }]);
    assert.deepEqual(pulledLayers(layers, 270), [{ frameHeight: 180 }]);
    assert.deepEqual(pulledLayers([], 360), []);
  });
});
