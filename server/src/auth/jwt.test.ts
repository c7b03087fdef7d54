import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { signJwt, verifyJwt } from './jwt.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const NOW = 1_700_000_000;
const time = { nowSeconds: NOW, leewaySeconds: 0 };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

function forge(header: object, claims: object, signature = ''): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.${signature}`;
}

describe('verifyJwt (RFC 7519, RFC 7515 compact)', () => {
  it('accepts HS256 and RS256 tokens signed with the configured keys', () => {
    const claims = { streamId: 's', type: 'play', exp: NOW + 60 };
    assert.deepEqual(verifyJwt(signJwt(claims, { alg: 'HS256', secret: SECRET }), { hs256Secret: SECRET }, time), { ok: true, claims });
    const rs = signJwt(claims, { alg: 'RS256', privateKey: rsa.privateKey });
    assert.deepEqual(verifyJwt(rs, { rs256PublicKey: rsa.publicKey }, time), { ok: true, claims });
  });

  it('refuses a wrong secret, a tampered payload and a key of the other kind', () => {
    const token = signJwt({ exp: NOW + 60 }, { alg: 'HS256', secret: SECRET });
    assert.equal(verifyJwt(token, { hs256Secret: `${SECRET}x` }, time).ok, false);
    const [h, , s] = token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ exp: NOW + 6000 })).toString('base64url')}.${s}`;
    assert.equal(verifyJwt(tampered, { hs256Secret: SECRET }, time).ok, false);
    // HS256 signed with the RSA public key's PEM (the classic algorithm-confusion forgery).
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const confused = signJwt({ exp: NOW + 60 }, { alg: 'HS256', secret: pem });
    assert.equal(verifyJwt(confused, { rs256PublicKey: rsa.publicKey }, time).ok, false);
  });

  it('refuses alg none, unknown algorithms, crit headers and garbage', () => {
    assert.match(String((verifyJwt(forge({ alg: 'none' }, { exp: NOW + 60 }, 'x'), { hs256Secret: SECRET }, time) as { reason: string }).reason), /not accepted/);
    assert.equal(verifyJwt(forge({ alg: 'HS512' }, {}, 'x'), { hs256Secret: SECRET }, time).ok, false);
    assert.equal(verifyJwt(forge({ alg: 'HS256', crit: ['x'] }, {}, 'x'), { hs256Secret: SECRET }, time).ok, false);
    for (const garbage of ['', 'a.b', 'a.b.c.d', '!!.??.**', 'eyJ.eyJ.x']) assert.equal(verifyJwt(garbage, { hs256Secret: SECRET }, time).ok, false, garbage);
  });

  it('refuses expired and not-yet-valid tokens, within the leeway', () => {
    const sign = (claims: Record<string, unknown>) => signJwt(claims, { alg: 'HS256', secret: SECRET });
    assert.deepEqual(verifyJwt(sign({ exp: NOW }), { hs256Secret: SECRET }, time), { ok: false, reason: 'expired' });
    assert.equal(verifyJwt(sign({ exp: NOW - 5 }), { hs256Secret: SECRET }, { nowSeconds: NOW, leewaySeconds: 10 }).ok, true);
    assert.deepEqual(verifyJwt(sign({ exp: NOW + 60, nbf: NOW + 30 }), { hs256Secret: SECRET }, time), { ok: false, reason: 'not valid yet' });
    assert.deepEqual(verifyJwt(sign({ exp: 'tomorrow' }), { hs256Secret: SECRET }, time), { ok: false, reason: 'expired' });
  });
});
