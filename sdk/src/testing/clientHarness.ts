/** Arrange helper: a RelayClient on a fake WebSocket, fake peers and a fake clock, already connected. */
import { RelayClient, type RelayClientOptions } from '../RelayClient.js';
import { Notification, notificationMessage, startMessage, takeConfigurationMessage } from '../protocol/index.js';
import type { Publisher } from '../Publisher.js';
import { fakeMediaStream, fakePeerFactory, flush } from './FakePeer.js';
import { FakeScheduler } from './FakeScheduler.js';
import { fakeWebSocketFactory, type FakeWebSocket } from './FakeWebSocket.js';

export const TEST_URL = 'ws://relay.test/LiveApp/websocket';

export async function connectedClient(options: Partial<RelayClientOptions> = {}) {
  const sockets = fakeWebSocketFactory();
  const peers = fakePeerFactory();
  const scheduler = new FakeScheduler();
  const client = new RelayClient({
    url: TEST_URL,
    WebSocket: sockets.WebSocket,
    peerFactory: peers.factory,
    scheduler,
    ...options,
  });
  const connecting = client.connect();
  const socket = sockets.last();
  socket.open();
  await connecting;
  return { client, socket, sockets, peers, scheduler };
}

/** The server's side of a play that goes through: its offer, then play_started. */
export async function answerPlay(socket: FakeWebSocket, streamId: string, sdp = 'offer-sdp', idMapping: Record<string, string> = {}): Promise<void> {
  socket.receive(takeConfigurationMessage(streamId, 'offer', sdp, idMapping));
  await flush();
  socket.receive(notificationMessage(Notification.playStarted, streamId));
  await flush();
}

/** The server's side of a publish that goes through: start, its answer, then publish_started. */
export async function answerPublish(socket: FakeWebSocket, streamId: string): Promise<void> {
  socket.receive(startMessage(streamId));
  await flush();
  socket.receive(takeConfigurationMessage(streamId, 'answer', 'answer-sdp'));
  socket.receive(notificationMessage(Notification.publishStarted, streamId));
  await flush();
}

/** `client` publishes a fake camera as `streamId`, and the server accepts it. */
export async function publishOn(client: RelayClient, socket: FakeWebSocket, streamId: string): Promise<Publisher> {
  const publishing = client.publish(streamId, fakeMediaStream());
  await answerPublish(socket, streamId);
  return publishing;
}
