/**
 * Broadcasts: list, get, create, delete (Ant Media's `/broadcasts/...`
 * paths). Deleting a live broadcast stops its publisher, whose viewers get
 * `play_finished`.
 */
import { Router, type Request, type Response } from 'express';
import { isValidStreamId } from 'relayrtc/protocol';
import { randomBytes } from 'node:crypto';
import { broadcastView, roomView } from './views.js';
import { pageOf, readPage } from './paging.js';
import { publisherOf, roomOf, streamOf, streamsOf, type RestContext } from './restContext.js';

type AppParams = { app: string };

export function fail(response: Response, status: number, message: string): void {
  response.status(status).json({ success: false, message });
}

function views(rest: RestContext, app: string): Array<Record<string, unknown>> {
  const limit = rest.ctx.config.limits.viewersPerStream;
  const live = streamsOf(rest, app);
  const liveIds = new Set(live.map((s) => s.streamId));
  const records = rest.catalog.list(app).filter((r) => !liveIds.has(r.streamId));
  return [
    ...live.map((stream) => broadcastView(stream, rest.catalog.get(app, stream.streamId), publisherOf(rest, stream)?.info, limit)),
    ...records.map((record) => broadcastView(undefined, record, undefined, limit)),
  ].sort((a, b) => Number(a.date) - Number(b.date));
}

export function broadcastRoutes(rest: RestContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/list/:offset/:size', (request: Request<AppParams & { offset: string; size: string }>, response) => {
    const page = readPage(request.params.offset, request.params.size);
    if (!page.ok) return fail(response, 400, page.message);
    response.json(pageOf(views(rest, request.params.app), page));
  });

  router.get('/count', (request: Request<AppParams>, response) => {
    response.json({ number: views(rest, request.params.app).length });
  });

  router.get('/active-live-stream-count', (request: Request<AppParams>, response) => {
    response.json({ number: streamsOf(rest, request.params.app).filter((s) => s.isLive).length });
  });

  router.post('/create', (request: Request<AppParams>, response) => {
    const { app } = request.params;
    const body: unknown = request.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(response, 400, 'the body must be a JSON object');
    const { streamId = randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x'), name } = body as { streamId?: unknown; name?: unknown };
    if (typeof streamId !== 'string' || !isValidStreamId(streamId)) return fail(response, 400, "streamId may only contain letters, digits, '_', '.' and '-'");
    if (name !== undefined && typeof name !== 'string') return fail(response, 400, 'name must be a string');
    if (rest.catalog.get(app, streamId) || rest.ctx.registry.get(streamId)) return fail(response, 409, `broadcast '${streamId}' already exists`);
    const record = { app, streamId, name: name ?? streamId, date: Date.now(), wentLive: false };
    if (!rest.catalog.add(record)) return fail(response, 507, 'too many broadcasts in this app');
    response.status(200).json(broadcastView(undefined, record, undefined, rest.ctx.config.limits.viewersPerStream));
  });

  router.get('/:id', (request: Request<AppParams & { id: string }>, response) => {
    const { app, id } = request.params;
    const stream = streamOf(rest, app, id);
    const record = rest.catalog.get(app, id);
    const room = !stream && !record ? roomOf(rest, app, id) : undefined;
    if (room) return void response.json(roomView(room, rest.ctx.config.limits.viewersPerStream));
    if (!stream && !record) return fail(response, 404, `no broadcast '${id}'`);
    response.json(broadcastView(stream, record, stream && publisherOf(rest, stream)?.info, rest.ctx.config.limits.viewersPerStream));
  });

  router.delete('/:id', (request: Request<AppParams & { id: string }>, response) => {
    const { app, id } = request.params;
    const stream = streamOf(rest, app, id);
    const removed = rest.catalog.remove(app, id);
    if (!stream && !removed) return fail(response, 404, `no broadcast '${id}'`);
    if (stream) {
      const publish = publisherOf(rest, stream)?.publishes.get(id);
      rest.ctx.log.info('broadcast deleted over REST: stopping it', { streamId: id, viewers: stream.players.size });
      if (publish?.stream === stream) publish.stop();
      else rest.ctx.registry.remove(stream);
    }
    response.json({ success: true, message: stream ? 'stopped and deleted' : 'deleted' });
  });

  return router;
}
