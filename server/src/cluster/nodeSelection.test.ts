import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leastLoaded, websocketUrl } from './nodeSelection.js';
import type { NodeRecord } from './registryRecords.js';

function node(id: string, role: 'origin' | 'edge', viewers: number, cpuPercent = 0): NodeRecord {
  return { id, role, url: `http://${id}:5080`, viewers, cpuPercent, eventLoopLagMs: 0, streams: {}, updatedAt: 0 };
}

describe('node selection', () => {
  it('sends publishes to the least loaded origin, never to an edge', () => {
    const nodes = [node('e1', 'edge', 0), node('o1', 'origin', 40), node('o2', 'origin', 3)];
    assert.equal(leastLoaded(nodes, 'publish')?.id, 'o2');
    assert.equal(leastLoaded([node('e1', 'edge', 0)], 'publish'), undefined);
  });

  it('sends plays to the edge with the fewest viewers, CPU breaking ties, and to an origin when no edge is alive', () => {
    assert.equal(leastLoaded([node('e1', 'edge', 10), node('e2', 'edge', 4), node('o1', 'origin', 0)], 'play')?.id, 'e2');
    assert.equal(leastLoaded([node('e1', 'edge', 4, 80), node('e2', 'edge', 4, 15)], 'play')?.id, 'e2');
    assert.equal(leastLoaded([node('o1', 'origin', 9)], 'play')?.id, 'o1');
  });

  it('derives the signaling URL from a node URL', () => {
    assert.equal(websocketUrl('http://10.0.0.2:5080', 'LiveApp'), 'ws://10.0.0.2:5080/LiveApp/websocket');
    assert.equal(websocketUrl('https://edge.example/', 'LiveApp'), 'wss://edge.example/LiveApp/websocket');
  });
});
