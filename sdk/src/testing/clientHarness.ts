/** Arrange helper: a RelayClient on a fake WebSocket, fake peers and a fake clock, already connected. */
import { RelayClient, type RelayClientOptions } from '../RelayClient.js';
import { fakePeerFactory } from './FakePeer.js';
import { FakeScheduler } from './FakeScheduler.js';
import { fakeWebSocketFactory } from './FakeWebSocket.js';

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
