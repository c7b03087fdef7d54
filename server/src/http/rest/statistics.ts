/** Per-viewer WebRTC statistics and per-stream / app-wide broadcast statistics (§6.3). */
import { Router, type Request } from 'express';
import type { PlaySession } from '../../signaling/playSession.js';
import { fail } from './broadcasts.js';
import { pageOf, readPage } from './paging.js';
import { roomOf, streamOf, streamsOf, type RestContext } from './restContext.js';
import { clientStatsView, statisticsView } from './views.js';

type AppParams = { app: string };

export function statisticsRoutes(rest: RestContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/total-broadcast-statistics', (request: Request<AppParams>, response) => {
    const streams = streamsOf(rest, request.params.app);
    // Conference rooms count their players once each, whatever the number of participants.
    const roomIds = new Set(streams.flatMap((stream) => (stream.details.roomId === undefined ? [] : [stream.details.roomId])));
    const roomPlayers = [...roomIds].reduce((sum, roomId) => sum + (rest.ctx.registry.rooms.get(roomId)?.players.size ?? 0), 0);
    const viewers = streams.reduce((sum, stream) => sum + stream.players.size, roomPlayers);
    response.json(statisticsView(viewers, streams.filter((s) => s.isLive).length));
  });

  router.get('/:id/broadcast-statistics', (request: Request<AppParams & { id: string }>, response) => {
    const stream = streamOf(rest, request.params.app, request.params.id);
    const room = stream ? undefined : roomOf(rest, request.params.app, request.params.id);
    // Ant Media answers zeros for a broadcast that is not live.
    response.json(statisticsView(stream?.players.size ?? room?.players.size ?? 0));
  });

  router.get('/:id/webrtc-client-stats/:offset/:size', (request: Request<AppParams & { id: string; offset: string; size: string }>, response) => {
    const page = readPage(request.params.offset, request.params.size);
    if (!page.ok) return fail(response, 400, page.message);
    const stream = streamOf(rest, request.params.app, request.params.id);
    const players = stream ? ([...stream.players] as PlaySession[]) : [];
    response.json(pageOf(players, page).map((play, i) => clientStatsView(play, page.offset + i)));
  });

  return router;
}
