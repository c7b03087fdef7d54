/**
 * A publisher restarts ICE (what the SDK does first when its media path is
 * lost): it sends a new offer with new credentials on the same streamId, the
 * server answers it on the same peer connection with credentials of its own,
 * ICE connects again, and the stream's viewers keep receiving without ever
 * hearing play_finished. Other re-offers are refused with a precise reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { iceCredentials } from '../src/streams/sdpIce.js';
import { ProtocolClient, type WireMessage } from './helpers/protocolClient.js';
import { serverForThisFile, type ConfiguredServer } from './helpers/ops.js';
import { eventually } from './helpers/testServer.js';
import { playAndRecord, publishSynthetic, type SyntheticPublisher } from './helpers/weriftPeers.js';

let server: ConfiguredServer;
const connect = serverForThisFile({}, (started) => (server = started));

/**
 * Sends the publisher's next offer (made with `iceRestart` or not) and waits for the server's answer or error.
 * The offer goes before the candidates it gathers, as a browser's does (werift trickles during setLocalDescription).
 */
async function reoffer(client: ProtocolClient, publisher: SyntheticPublisher, streamId: string, iceRestart: boolean): Promise<WireMessage> {
  const offer = await publisher.pc.createOffer({ iceRestart });
  const reply = client.waitFor((m) => m.streamId === streamId && ((m.command === 'takeConfiguration' && m.type === 'answer') || m.command === 'error'), 5000, 'answer or error');
  client.send({ command: 'takeConfiguration', streamId, type: 'offer', sdp: offer.sdp });
  await publisher.pc.setLocalDescription(offer);
  return reply;
}

/** Applies the answer; the test's werift publisher needs its checks started by hand after a restart, as the server's peer does. */
async function applyRestartAnswer(publisher: SyntheticPublisher, answer: WireMessage): Promise<void> {
  await publisher.pc.setRemoteDescription({ type: 'answer', sdp: String(answer.sdp) });
  for (const transport of publisher.pc.iceTransports) if (transport.state !== 'connected') void transport.start().catch(() => undefined);
}

describe('publisher ICE restart', () => {
  it('answers an ICE restart on the same publish with new credentials; media resumes on the new session and viewers never see play_finished', async () => {
    const publisherClient = await connect();
    const publisher = await publishSynthetic(publisherClient, 'restart1');
    const firstAnswer = publisherClient.received.find((m) => m.command === 'takeConfiguration' && m.type === 'answer')!;
    const pacer = setInterval(() => publisher.sendVideoPacket(), 20);
    try {
      const viewerClient = await connect();
      const viewer = await playAndRecord(viewerClient, 'restart1');
      await eventually(() => viewer.video.length > 10, 'the viewer receives video', 5000);

      const answer = await reoffer(publisherClient, publisher, 'restart1', true);
      assert.equal(answer.command, 'takeConfiguration', `expected an answer, got ${JSON.stringify(answer)}`);
      const before = iceCredentials(String(firstAnswer.sdp))!;
      const now = iceCredentials(String(answer.sdp))!;
      assert.notEqual(now.ufrag, before.ufrag, 'the server restarted its side too (new ice-ufrag)');
      await applyRestartAnswer(publisher, answer);

      // werift's restart drops the nominated pair: packets sent from here on reach the server only over the new session.
      const sentAtRestart = publisher.sent;
      await eventually(() => viewer.video.some((p) => p.index > sentAtRestart + 20), 'the viewer receives video sent after the restart', 10_000);
      assert.equal(publisher.pc.iceTransports[0]!.connection.remoteUsername, now.ufrag);
      assert.equal(server.context.registry.get('restart1')?.players.size, 1);
      assert.ok(!viewerClient.received.some((m) => m.definition === 'play_finished'), 'the viewer never heard play_finished');
      assert.ok(!publisherClient.received.some((m) => m.definition === 'publish_finished'), 'the publish never finished');

      // And a second restart works the same way.
      const second = await reoffer(publisherClient, publisher, 'restart1', true);
      assert.equal(second.command, 'takeConfiguration');
      await applyRestartAnswer(publisher, second);
      const sentAtSecond = publisher.sent;
      await eventually(() => viewer.video.some((p) => p.index > sentAtSecond + 20), 'the viewer receives video after the second restart', 10_000);
      await viewer.close();
    } finally {
      clearInterval(pacer);
      await publisher.close();
    }
  });

  it('refuses a re-offer that keeps the ICE credentials with notSetRemoteDescription, and the publish carries on', async () => {
    const publisherClient = await connect();
    const publisher = await publishSynthetic(publisherClient, 'restart2');
    try {
      const refusal = await reoffer(publisherClient, publisher, 'restart2', false);
      assert.equal(refusal.command, 'error');
      assert.equal(refusal.definition, 'notSetRemoteDescription');
      assert.match(String(refusal.information), /must restart ICE \(new ice-ufrag and ice-pwd\)/);
      assert.ok(server.context.registry.get('restart2')?.isLive, 'the stream is still live');
    } finally {
      await publisher.close();
    }
  });
});
