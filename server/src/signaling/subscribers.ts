/**
 * Who each player is, as Ant Media's subscribers (antmedia-protocol.md §4.3
 * `subscriberList`): the `subscriberId` and `subscriberName` its `play` sent,
 * kept beside the play session (weakly, so it goes with the play) rather than
 * in the play classes, which have no other use for them.
 */
import type { SubscriberInfo } from 'relayrtc/protocol';

interface Identity {
  subscriberId: string;
  subscriberName: string;
}

const identities = new WeakMap<object, Identity>();

/** Remembers who opened `play`; a player that sent no subscriberId is named by its socket's id. */
export function rememberSubscriber(play: object, ask: { subscriberId?: string; subscriberName?: string }, socketId: string): void {
  identities.set(play, { subscriberId: ask.subscriberId || socketId, subscriberName: ask.subscriberName ?? '' });
}

/**
 * One entry per subscriber among `players`, in the order of their first play,
 * counting their open plays. Players never remembered (another cluster node
 * pulling the stream) are not subscribers and are left out.
 */
export function subscribersOf(streamId: string, players: Iterable<object>): SubscriberInfo[] {
  const byId = new Map<string, SubscriberInfo>();
  for (const play of players) {
    const who = identities.get(play);
    if (!who) continue;
    const known = byId.get(who.subscriberId);
    if (known) known.currentConcurrentConnections += 1;
    else byId.set(who.subscriberId, { ...who, streamId, type: 'play', connected: true, currentConcurrentConnections: 1 });
  }
  return [...byId.values()];
}
