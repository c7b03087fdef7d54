/** What a stream query names: a stream, or a room (a room id is never also a stream id). */
import type { ServerContext } from './context.js';

export interface QueryTarget {
  /** Its play sessions (a room's: the plays of the whole room). */
  players: ReadonlySet<object>;
  /** 1 for a stream (its publisher), a room's participant count. */
  publishers: number;
}

export function queryTarget(ctx: ServerContext, id: string): QueryTarget | undefined {
  const stream = ctx.registry.get(id);
  if (stream) return { players: stream.players, publishers: 1 };
  const room = ctx.registry.rooms.get(id);
  return room && { players: room.players, publishers: room.participants.length };
}
