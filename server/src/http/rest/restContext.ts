/** What the REST handlers read and change, and the lookups they share. */
import type { OneTimeTokens } from '../../auth/oneTimeTokens.js';
import type { ServerContext } from '../../signaling/context.js';
import type { SignalingSession } from '../../signaling/signalingSession.js';
import type { LiveStream } from '../../streams/liveStream.js';
import type { Room } from '../../streams/room.js';
import type { BroadcastCatalog } from './catalog.js';

export interface RestContext {
  ctx: ServerContext;
  sessions: ReadonlySet<SignalingSession>;
  catalog: BroadcastCatalog;
  tokens: OneTimeTokens;
}

/** The socket that publishes `stream`. */
export function publisherOf(rest: RestContext, stream: LiveStream): SignalingSession | undefined {
  for (const session of rest.sessions) if (session.id === stream.ownerId) return session;
  return undefined;
}

/** Streams published through `app`'s WebSocket (apps are separate namespaces in the API, as in Ant Media). */
export function streamsOf(rest: RestContext, app: string): LiveStream[] {
  const appOf = new Map<string, string>([...rest.sessions].map((session) => [session.id, session.info.app]));
  return rest.ctx.registry.all().filter((stream) => appOf.get(stream.ownerId) === app);
}

/** The conference room `roomId` when someone in it publishes through `app`. */
export function roomOf(rest: RestContext, app: string, roomId: string): Room | undefined {
  const room = rest.ctx.registry.rooms.get(roomId);
  return room?.participants.some((participant) => publisherOf(rest, participant)?.info.app === app) ? room : undefined;
}

export function streamOf(rest: RestContext, app: string, streamId: string): LiveStream | undefined {
  const stream = rest.ctx.registry.get(streamId);
  return stream && publisherOf(rest, stream)?.info.app === app ? stream : undefined;
}
