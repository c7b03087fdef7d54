/** A WebRTCAdaptor over a fake socket, fake peers and a manual clock, with its callback strings recorded. */
import type { WebRTCAdaptorOptions } from '../facade/AdaptorBase.js';
import { WebRTCAdaptor } from '../facade/WebRTCAdaptor.js';
import { Notification, notificationMessage, startMessage, takeConfigurationMessage } from '../protocol/index.js';
import { fakePeerFactory, flush } from './FakePeer.js';
import { FakeScheduler } from './FakeScheduler.js';
import { fakeWebSocketFactory } from './FakeWebSocket.js';

export async function adaptor(options: Partial<WebRTCAdaptorOptions> = {}) {
  const sockets = fakeWebSocketFactory();
  const peers = fakePeerFactory();
  const scheduler = new FakeScheduler();
  const events: Array<[string, unknown]> = [];
  const errors: Array<[string, unknown]> = [];
  const instance = new WebRTCAdaptor({
    websocket_url: 'ws://relay.test/LiveApp/websocket',
    callback: (info, obj) => events.push([info, obj]),
    callbackError: (error, message) => errors.push([error, message]),
    clientOptions: { WebSocket: sockets.WebSocket, peerFactory: peers.factory, scheduler },
    ...options,
  });
  await flush();
  sockets.last().open();
  await flush();
  return { instance, socket: sockets.last(), peers, scheduler, events, errors, names: () => events.map(([info]) => info) };
}

/** An adaptor publishing `s1`: start, the server's answer and publish_started already received. */
export async function publishing(options: Partial<WebRTCAdaptorOptions> = {}) {
  const harness = await adaptor(options);
  harness.instance.publish('s1');
  harness.socket.receive(startMessage('s1'));
  await flush();
  harness.socket.receive(takeConfigurationMessage('s1', 'answer', 'a'));
  harness.socket.receive(notificationMessage(Notification.publishStarted, 's1'));
  await flush();
  return harness;
}

/** An adaptor in play mode playing `s1`: the server's offer and play_started already received. */
export async function playing(options: Partial<WebRTCAdaptorOptions> = {}) {
  const harness = await adaptor({ isPlayMode: true, ...options });
  harness.instance.play('s1');
  harness.socket.receive(takeConfigurationMessage('s1', 'offer', 'o', {}));
  await flush();
  harness.socket.receive(notificationMessage(Notification.playStarted, 's1'));
  await flush();
  return harness;
}
