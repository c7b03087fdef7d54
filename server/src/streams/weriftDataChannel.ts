/**
 * Adapts a werift data channel to the hub's endpoint. The endpoint is
 * handed out as soon as the channel exists, before it opens: what is sent
 * to it meanwhile waits (up to MAX_WAITING messages) and goes out on open,
 * so a message sent the moment the other end sees the channel open is not
 * lost to the server's side opening a little later (or, for a viewer
 * worker, to the hop announcing the channel to the main thread).
 */
import type { RTCDataChannel } from 'werift';
import type { DataEndpoint, DataMessage } from '../relay/dataChannelHub.js';

export interface DataChannelBinding {
  endpoint: DataEndpoint;
  dispose(): void;
}

/** Messages kept for a channel still connecting; beyond this the oldest are dropped. */
export const MAX_WAITING = 256;

export function bindDataChannel(
  channel: RTCDataChannel,
  /** `attached` once, as the channel is bound (connecting or open); `closed` when it closes. */
  handlers: { attached(endpoint: DataEndpoint): void; message(endpoint: DataEndpoint, message: DataMessage): void; closed(endpoint: DataEndpoint): void },
): DataChannelBinding {
  let waiting: DataMessage[] = [];
  const endpoint: DataEndpoint = {
    send(message) {
      if (channel.readyState === 'open') channel.send(message);
      else if (channel.readyState === 'connecting' && waiting.push(message) > MAX_WAITING) waiting.shift();
    },
  };
  const subscriptions = [
    channel.onMessage.subscribe((message) => handlers.message(endpoint, message)),
    channel.stateChanged.subscribe((state) => {
      if (state === 'open') {
        const ready = waiting;
        waiting = [];
        for (const message of ready) channel.send(message);
      }
      if (state === 'closed') {
        waiting = [];
        handlers.closed(endpoint);
      }
    }),
  ];
  if (channel.readyState === 'open' || channel.readyState === 'connecting') handlers.attached(endpoint);
  return {
    endpoint,
    dispose: () => {
      waiting = [];
      subscriptions.forEach((s) => s.unSubscribe());
    },
  };
}
