import { ErrorDefinition, errorMessage, subscriberListNotification, type ClientMessageOf } from 'relayrtc/protocol';
import { queryTarget } from '../queryTarget.js';
import { subscribersOf } from '../subscribers.js';
import type { SignalingSession } from '../signalingSession.js';

/** The most subscribers one answer lists, and the page size when none is asked: Ant Media's list cap (as http/rest/paging.ts). */
export const SUBSCRIBER_PAGE_MAX = 50;

/**
 * `getSubscribers` → `subscriberList`: one page of the stream's (or room's)
 * current players as Ant Media's Subscriber objects; `no_stream_exist` for an
 * id nothing publishes. A bad offset or size never gets here: the validator
 * answers `invalidParameter` naming the key.
 */
export function handleGetSubscribers(session: SignalingSession, message: ClientMessageOf<'getSubscribers'>): void {
  const { streamId } = message;
  const target = queryTarget(session.ctx, streamId);
  if (!target) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, streamId));
    return;
  }
  const offset = message.offset ?? 0;
  const size = Math.min(message.size ?? SUBSCRIBER_PAGE_MAX, SUBSCRIBER_PAGE_MAX);
  session.send(subscriberListNotification(streamId, subscribersOf(streamId, target.players).slice(offset, offset + size)));
}
