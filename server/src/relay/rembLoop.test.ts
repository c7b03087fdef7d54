import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { startRembLoop } from './rembLoop.js';
import { parseRtcp } from './rtcp.js';
import { RecordingEgress } from './testing/packets.js';

function arrange(initialSsrcs: number[]) {
  const clock = new FakeClock();
  const upstream = new RecordingEgress();
  const ssrcs = [...initialSsrcs];
  const loop = startRembLoop(upstream, { clock, intervalMs: 500, bitrate: 3_000_000, senderSsrc: 1, mediaSsrcs: () => ssrcs });
  return { clock, upstream, ssrcs, loop };
}

describe('startRembLoop', () => {
  it('sends a REMB with the configured bitrate and the media SSRCs every interval', () => {
    const { clock, upstream } = arrange([0xaaa, 0xbbb]);

    clock.advance(499);
    const beforeFirstInterval = upstream.rtcp.length;
    clock.advance(1501);

    assert.equal(beforeFirstInterval, 0);
    assert.equal(upstream.rtcp.length, 4);
    for (const packet of upstream.rtcp) {
      assert.deepEqual(parseRtcp(packet), [{ type: 'remb', senderSsrc: 1, bitrate: 3_000_000, ssrcs: [0xaaa, 0xbbb] }]);
    }
  });

  it('sends nothing while no media SSRC is known, and starts once one is', () => {
    const { clock, upstream, ssrcs } = arrange([]);

    clock.advance(2000);
    const whileUnknown = upstream.rtcp.length;
    ssrcs.push(0xccc);
    clock.advance(500);

    assert.equal(whileUnknown, 0);
    assert.deepEqual(upstream.rtcp.flatMap(parseRtcp), [{ type: 'remb', senderSsrc: 1, bitrate: 3_000_000, ssrcs: [0xccc] }]);
  });

  it('stops when cancelled', () => {
    const { clock, upstream, loop } = arrange([0xaaa]);
    clock.advance(500);

    loop.cancel();
    clock.advance(5000);

    assert.equal(upstream.rtcp.length, 1);
    assert.equal(clock.pendingTimers, 0);
  });
});
