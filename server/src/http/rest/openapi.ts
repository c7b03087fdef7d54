/** The OpenAPI 3.0 description served at `/{app}/rest/v2/openapi.json`. */
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: object) => ({ '200': { description, ...json(schema) } });
const errors = { '400': { description: 'Bad request', ...json(ref('Result')) }, '401': { description: 'No or wrong credentials', ...json(ref('Result')) } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' } };
const pageParams = [
  { name: 'offset', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
  { name: 'size', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 50 } },
];
const tokenQuery = [
  { name: 'expireDate', in: 'query', required: true, schema: { type: 'integer' }, description: 'seconds since the epoch' },
  { name: 'type', in: 'query', required: true, schema: { type: 'string', enum: ['publish', 'play'] } },
];

export function openApiDocument(app: string): object {
  return {
    openapi: '3.0.3',
    info: {
      title: 'RelayRTC REST API',
      version: '2',
      description: "Ant Media Server's v2 REST paths where they exist. Credentials: an API key (Authorization: Bearer, X-API-Key, or Basic password) or an HS256 JWT in Authorization; with none configured, loopback clients only.",
    },
    servers: [{ url: `/${app}/rest/v2` }],
    security: [{ bearer: [] }, { apiKey: [] }, { basic: [] }],
    paths: {
      '/broadcasts/list/{offset}/{size}': { get: { summary: 'Broadcasts, live and created, oldest first', parameters: pageParams, responses: { ...ok('A page of broadcasts', { type: 'array', items: ref('Broadcast') }), ...errors } } },
      '/broadcasts/count': { get: { summary: 'How many broadcasts', responses: { ...ok('Count', ref('SimpleStat')), ...errors } } },
      '/broadcasts/active-live-stream-count': { get: { summary: 'How many broadcasts are live', responses: { ...ok('Count', ref('SimpleStat')), ...errors } } },
      '/broadcasts/create': {
        post: {
          summary: 'Create a broadcast record (status created) that a publisher may then use',
          requestBody: json({ type: 'object', properties: { streamId: { type: 'string' }, name: { type: 'string' } } }),
          responses: { ...ok('The new broadcast', ref('Broadcast')), '409': { description: 'The id exists', ...json(ref('Result')) }, ...errors },
        },
      },
      '/broadcasts/{id}': {
        get: { summary: 'One broadcast (or a conference room: its participants in subTrackStreamIds)', parameters: [idParam], responses: { ...ok('The broadcast', ref('Broadcast')), '404': { description: 'No such broadcast', ...json(ref('Result')) }, ...errors } },
        delete: { summary: 'Delete a broadcast; a live one is stopped and its viewers get play_finished', parameters: [idParam], responses: { ...ok('Deleted', ref('Result')), '404': { description: 'No such broadcast', ...json(ref('Result')) }, ...errors } },
      },
      '/broadcasts/{id}/webrtc-client-stats/{offset}/{size}': { get: { summary: "Per-viewer WebRTC statistics (Ant Media's WebRTCClientStats)", parameters: [idParam, ...pageParams], responses: { ...ok('A page of viewers', { type: 'array', items: ref('WebRTCClientStats') }), ...errors } } },
      '/broadcasts/{id}/broadcast-statistics': { get: { summary: 'Viewer counts of one broadcast', parameters: [idParam], responses: { ...ok('Statistics', ref('BroadcastStatistics')), ...errors } } },
      '/broadcasts/total-broadcast-statistics': { get: { summary: 'Viewer and live stream counts of the app', responses: { ...ok('Statistics', ref('BroadcastStatistics')), ...errors } } },
      '/broadcasts/{id}/token': { get: { summary: 'A one-time publish or play token', parameters: [idParam, ...tokenQuery], responses: { ...ok('The token', ref('Token')), ...errors } } },
      '/broadcasts/{id}/jwt-token': { get: { summary: 'An HS256 JWT stream token (needs security.jwt.secret)', parameters: [idParam, ...tokenQuery], responses: { ...ok('The token', ref('Token')), ...errors } } },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API key or HS256 JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        basic: { type: 'http', scheme: 'basic', description: 'any user name, the API key as password (for browsers)' },
      },
      schemas: {
        Result: { type: 'object', properties: { success: { type: 'boolean' }, message: { type: 'string' } } },
        SimpleStat: { type: 'object', properties: { number: { type: 'integer' } } },
        Layer: {
          type: 'object',
          properties: { rid: { type: 'string', description: "simulcast rid ('' without simulcast)" }, width: { type: 'integer' }, height: { type: 'integer' }, bitrate: { type: 'number' }, codec: { type: 'string' }, packetsReceived: { type: 'integer' }, keyframesReceived: { type: 'integer' } },
        },
        Broadcast: {
          type: 'object',
          properties: {
            streamId: { type: 'string' },
            name: { type: 'string' },
            status: { type: 'string', enum: ['created', 'preparing', 'broadcasting', 'finished'] },
            type: { type: 'string' },
            publishType: { type: 'string' },
            date: { type: 'integer' },
            startTime: { type: 'integer' },
            duration: { type: 'integer' },
            webRTCViewerCount: { type: 'integer' },
            webRTCViewerLimit: { type: 'integer' },
            bitrate: { type: 'number', description: 'incoming bits per second, all tracks' },
            width: { type: 'integer' },
            height: { type: 'integer' },
            receivedBytes: { type: 'integer' },
            packetLostRatio: { type: 'number', description: "mean of the viewers' reported video loss, 0..1" },
            remoteIp: { type: 'string' },
            userAgent: { type: 'string' },
            codecs: { type: 'object', properties: { video: { type: 'string' }, audio: { type: 'string' } } },
            layers: { type: 'array', items: ref('Layer') },
            audioBitrate: { type: 'number' },
            subTrackStreamIds: { type: 'array', items: { type: 'string' }, description: "a conference room's participants (a room only)" },
          },
        },
        WebRTCClientStats: {
          type: 'object',
          properties: {
            clientId: { type: 'integer', description: 'the viewer, numbered in connection order' },
            sessionId: { type: 'string', description: "the viewer's signaling socket" },
            streamId: { type: 'string' },
            clientIp: { type: 'string' },
            userAgent: { type: 'string' },
            connected: { type: 'boolean', description: 'false until ICE/DTLS is up; then the fields below are present' },
            startTime: { type: 'integer' },
            measuredBitrate: { type: 'number' },
            sendBitrate: { type: 'number' },
            videoPacketCount: { type: 'integer' },
            audioPacketCount: { type: 'integer' },
            videoSentStats: { type: 'object', properties: { videoFirCount: { type: 'integer' }, videoPliCount: { type: 'integer' }, videoNackCount: { type: 'integer' }, videoPacketsSent: { type: 'integer' }, videoBytesSent: { type: 'integer' } } },
            audioSentStats: { type: 'object', properties: { audioPacketsSent: { type: 'integer' }, audioBytesSent: { type: 'integer' } } },
            packetLostRatio: { type: 'number', description: 'video loss the viewer reports, 0..1' },
            jitterMs: { type: 'number' },
            rttMs: { type: 'number' },
            currentLayerHeight: { type: 'integer' },
            layerSwitches: { type: 'integer' },
            forcedHeight: { type: 'integer', description: 'forceStreamQuality height, 0 = automatic' },
          },
        },
        BroadcastStatistics: {
          type: 'object',
          properties: {
            totalRTMPWatchersCount: { type: 'integer' },
            totalHLSWatchersCount: { type: 'integer' },
            totalWebRTCWatchersCount: { type: 'integer' },
            totalDASHWatchersCount: { type: 'integer' },
            activeLiveStreamCount: { type: 'integer' },
          },
        },
        Token: { type: 'object', properties: { tokenId: { type: 'string' }, streamId: { type: 'string' }, type: { type: 'string' }, expireDate: { type: 'integer' } } },
      },
    },
  };
}
