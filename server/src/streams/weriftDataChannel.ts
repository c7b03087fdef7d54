/** Adapts a werift data channel to the hub's endpoint: sends only while open, reports messages and its end. */
import type { RTCDataChannel } from 'werift';
import type { DataEndpoint, DataMessage } from '../relay/dataChannelHub.js';

export interface DataChannelBinding {
  endpoint: DataEndpoint;
  dispose(): void;
}

export function bindDataChannel(
  channel: RTCDataChannel,
  handlers: { open(endpoint: DataEndpoint): void; message(endpoint: DataEndpoint, message: DataMessage): void; closed(endpoint: DataEndpoint): void },
): DataChannelBinding {
  const endpoint: DataEndpoint = {
    send(message) {
      if (channel.readyState === 'open') channel.send(message);
    },
  };
  const subscriptions = [
    channel.onMessage.subscribe((message) => handlers.message(endpoint, message)),
    channel.stateChanged.subscribe((state) => {
      if (state === 'open') handlers.open(endpoint);
      if (state === 'closed') handlers.closed(endpoint);
    }),
  ];
  if (channel.readyState === 'open') handlers.open(endpoint);
  return { endpoint, dispose: () => subscriptions.forEach((s) => s.unSubscribe()) };
}
