import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { defaultConfig } from '../config.js';
import { judgeUpgrade } from './upgradeGate.js';

const request = (url: string, origin?: string) => ({ url, headers: origin ? { origin } : {} }) as IncomingMessage;
const config = { ...defaultConfig, limits: { ...defaultConfig.limits, connections: 2 }, security: { ...defaultConfig.security, allowedOrigins: ['https://ok.example'] } };
const open = { draining: false, openSockets: 0 };

describe('judgeUpgrade', () => {
  it('accepts /{app}/websocket and names the app', () => {
    assert.deepEqual(judgeUpgrade(request('/WebRTCAppEE/websocket?target=edge', 'https://ok.example'), config, open), { ok: true, app: 'WebRTCAppEE' });
  });

  it('refuses other paths, shutdown, a full server and foreign origins', () => {
    const reason = (r: IncomingMessage, state = open) => {
      const verdict = judgeUpgrade(r, config, state);
      return verdict.ok ? 'ok' : `${verdict.status} ${verdict.reason}`;
    };
    assert.equal(reason(request('/websocket')), '404 notFound');
    assert.equal(reason(request('/LiveApp/websocket'), { draining: true, openSockets: 0 }), '503 shuttingDown');
    assert.equal(reason(request('/LiveApp/websocket'), { draining: false, openSockets: 2 }), '503 tooManyConnections');
    assert.equal(reason(request('/LiveApp/websocket', 'https://evil.example')), '403 originNotAllowed');
    assert.equal(reason(request('/LiveApp/websocket')), 'ok', 'clients that are not browsers send no Origin');
  });
});
