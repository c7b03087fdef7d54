import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { LayerController } from './layerController.js';
import { sequenceDelta } from './rtpHeader.js';
import type { SourceTrack } from './sourceTrack.js';
import { StreamRelay } from './streamRelay.js';
import { RecordingEgress } from './testing/packets.js';
import { OPUS, TUNING, VP8, layerPublisher, originOf, play, type LayerSpec } from './testing/relay.js';

const Q: LayerSpec = { height: 180, bitrate: 150_000 };
const M: LayerSpec = { height: 360, bitrate: 500_000 };
const H: LayerSpec = { height: 720, bitrate: 1_500_000 };

function arrange() {
  const clock = new FakeClock();
  const relay = new StreamRelay('stream1', clock, TUNING);
  /** A simulcast layer as the publisher's ingest adds it: by rid, its PLIs reaching its own publisher. */
  const addLayer = (rid: string, spec: LayerSpec) => {
    const publisher = layerPublisher(spec);
    return { source: relay.addSource(VP8, publisher.requestKeyframe, rid), publisher };
  };
  /** A viewer with one video track, recording what it is sent and which layers it is told it now sees. */
  const addViewer = () => {
    const egress = new RecordingEgress();
    const layerChanges: SourceTrack[] = [];
    const leg = relay.addViewer([{ kind: 'video', ssrc: 0xa1, payloadType: 100, egress }], { layerChanged: (layer) => layerChanges.push(layer) });
    return { leg, egress, layerChanges, downTrack: () => leg.downTracks[0]! };
  };
  return { clock, relay, addLayer, addViewer };
}

function assertContinuous(sequenceNumbers: number[]): void {
  const steps = sequenceNumbers.slice(1).map((s, i) => sequenceDelta(s, sequenceNumbers[i]!));
  assert.deepEqual(steps, steps.map(() => 1), `sequence numbers: ${sequenceNumbers.join(',')}`);
}

describe('StreamRelay: simulcast sources', () => {
  it('keeps one video source per rid, named after it, beside the audio', () => {
    const { relay, addLayer } = arrange();
    const audio = relay.addSource(OPUS, () => undefined);

    const q = addLayer('q', Q);
    const h = addLayer('h', H);

    assert.deepEqual(relay.sources, [audio, q.source, h.source]);
    assert.deepEqual(relay.sources.map((s) => s.id), ['stream1/audio', 'stream1/video/q', 'stream1/video/h']);
    assert.equal(relay.source('audio'), audio);
  });

  it('lists the layers lowest first by frame height, and source(video) is the highest', () => {
    const { clock, relay, addLayer } = arrange();
    const layers = [addLayer('h', H), addLayer('q', Q), addLayer('m', M)];

    play(clock, layers, 1000);

    const [h, q, m] = layers.map((l) => l.source);
    assert.deepEqual(relay.videoLayers(), [q, m, h]);
    assert.equal(relay.source('video'), h);
  });

  it('orders layers of the same height by bitrate', () => {
    const { clock, relay, addLayer } = arrange();
    const layers = [addLayer('rich', { height: 360, bitrate: 800_000, ssrc: 1 }), addLayer('lean', { height: 360, bitrate: 300_000, ssrc: 2 })];

    play(clock, layers, 1000);

    assert.deepEqual(relay.videoLayers(), [layers[1]!.source, layers[0]!.source]);
  });
});

describe('StreamRelay: simulcast viewers', () => {
  it('binds a new viewer to the highest layer, under a layer controller of its own', () => {
    const { clock, addLayer, addViewer } = arrange();
    const layers = [addLayer('q', Q), addLayer('h', H)];
    play(clock, layers, 1000);

    const viewer = addViewer();
    play(clock, layers, 100);

    assert.equal(viewer.downTrack().source, layers[1]!.source);
    assert.ok(viewer.leg.layerController instanceof LayerController);
    assert.deepEqual(new Set(viewer.egress.rtp.map(originOf)), new Set([layers[1]!.publisher.ssrc]));
  });

  it('binds a new viewer to the highest layer the publisher still sends, not one it paused', () => {
    const { clock, addLayer, addViewer } = arrange();
    const [q, m, h] = [addLayer('q', Q), addLayer('m', M), addLayer('h', H)];
    play(clock, [q, m, h], 1000);
    play(clock, [q, m], 1500); // the encoder turned its top layer off

    const viewer = addViewer();
    play(clock, [q, m], 100);

    assert.equal(viewer.downTrack().source, m.source);
    assert.ok(viewer.egress.rtp.length > 0, 'the viewer gets a picture at once');
  });

  it('moves a viewer off a layer the publisher paused, to the best one still sent', () => {
    const { clock, addLayer, addViewer } = arrange();
    const [q, m, h] = [addLayer('q', Q), addLayer('m', M), addLayer('h', H)];
    play(clock, [q, m, h], 1000);
    const viewer = addViewer();
    play(clock, [q, m, h], 1000);
    const before = viewer.downTrack().source;

    play(clock, [q, m], 3000);

    assert.equal(before, h.source);
    assert.equal(viewer.downTrack().source, m.source);
    assert.deepEqual(new Set(viewer.egress.rtp.slice(-10).map(originOf)), new Set([m.publisher.ssrc]), 'frames keep coming');
    assertContinuous(viewer.egress.sequenceNumbers);
  });

  it('lets the viewer controller move it between layers, telling the listener', () => {
    const { clock, addLayer, addViewer } = arrange();
    const [q, h] = [addLayer('q', Q), addLayer('h', H)];
    play(clock, [q, h], 1000);
    const viewer = addViewer();

    const accepted = viewer.leg.layerController?.force(180);
    play(clock, [q, h], 100);

    assert.equal(accepted, true);
    assert.equal(viewer.downTrack().source, q.source);
    assert.deepEqual(viewer.layerChanges, [q.source]);
    assertContinuous(viewer.egress.sequenceNumbers);
  });

  it('moves viewers of a re-added rid to its replacement, numbering on from the same down-track', () => {
    const { clock, addLayer, addViewer } = arrange();
    const [q, h] = [addLayer('q', Q), addLayer('h', H)];
    play(clock, [q, h], 1000);
    const viewer = addViewer();
    const downTrack = viewer.downTrack();
    play(clock, [q, h], 200);
    const sentBefore = viewer.egress.rtp.length;

    const replacement = addLayer('h', { ...H, ssrc: 0x5eed0999 });
    play(clock, [q, replacement], 200);

    assert.equal(h.source.sinkCount, 0, 'the replaced source is closed');
    assert.equal(viewer.downTrack(), downTrack, 'the same down-track: no new random base');
    assert.equal(downTrack.source, replacement.source);
    assert.deepEqual(viewer.layerChanges, [replacement.source]);
    const origins = viewer.egress.rtp.map(originOf);
    assert.deepEqual(new Set(origins.slice(0, sentBefore)), new Set([h.publisher.ssrc]));
    assert.deepEqual(new Set(origins.slice(sentBefore)), new Set([replacement.publisher.ssrc]));
    assertContinuous(viewer.egress.sequenceNumbers);
  });

  it('retargets a switch waiting on a re-added rid to its replacement', () => {
    const { clock, addLayer, addViewer } = arrange();
    const [q, h] = [addLayer('q', Q), addLayer('h', H)];
    play(clock, [q, h], 1000);
    const viewer = addViewer();
    viewer.leg.layerController?.force(180);

    const replacement = addLayer('q', { ...Q, ssrc: 0x5eed0998 });
    const waitingOn = viewer.downTrack().pendingSource;
    play(clock, [replacement, h], 100);

    assert.equal(waitingOn, replacement.source);
    assert.equal(viewer.downTrack().source, replacement.source);
  });

  it('leaves a viewer where it is when another rid is re-added', () => {
    const { clock, addLayer, addViewer } = arrange();
    const [q, h] = [addLayer('q', Q), addLayer('h', H)];
    play(clock, [q, h], 1000);
    const viewer = addViewer();
    play(clock, [q, h], 200);

    const replacement = addLayer('q', { ...Q, ssrc: 0x5eed0998 });
    play(clock, [replacement, h], 200);

    assert.equal(viewer.downTrack().source, h.source);
    assert.equal(viewer.downTrack().pendingSource, undefined);
    assert.deepEqual(viewer.layerChanges, []);
  });
});
