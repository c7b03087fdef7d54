import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ProtectionProfileAeadAes128Gcm, ProtectionProfileAes128CmHmacSha1_80, SrtpSession } from 'werift';
import { SrtpError } from './srtpError.js';
import { deriveSrtpSessionKeys, srtpProfileFromId } from './srtpKeys.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** werift's own derivation, reached through its session's local context. */
function weriftLocalContext(profile: number, masterKey: Buffer, masterSalt: Buffer): { srtpSessionKey: Buffer; srtpSessionSalt: Buffer; srtpSessionAuthTag: Buffer } {
  const session = new SrtpSession({ profile, keys: { localMasterKey: masterKey, localMasterSalt: masterSalt, remoteMasterKey: masterKey, remoteMasterSalt: masterSalt } });
  return session.localContext as unknown as { srtpSessionKey: Buffer; srtpSessionSalt: Buffer; srtpSessionAuthTag: Buffer };
}

describe('SRTP key derivation (RFC 3711 §4.3)', () => {
  it('derives the session keys RFC 3711 Appendix B.3 lists', () => {
    // Arrange
    const masterKey = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
    const masterSalt = hex('0EC675AD498AFEEBB6960B3AABE6');

    // Act
    const keys = deriveSrtpSessionKeys('AES_CM_128_HMAC_SHA1_80', masterKey, masterSalt);

    // Assert
    assert.equal(keys.encryptionKey.toString('hex'), 'c61e7a93744f39ee10734afe3ff7a087');
    assert.equal(keys.salt.toString('hex'), '30cbbc08863d8c85d49db34a9ae1');
    assert.equal(keys.authKey?.toString('hex'), 'cebe321f6ff7716b6fd4ab49af256a156d38baa4');
  });

  it('matches werift for random AES-CM keys', () => {
    for (let i = 0; i < 20; i++) {
      const masterKey = randomBytes(16);
      const masterSalt = randomBytes(14);
      const ours = deriveSrtpSessionKeys('AES_CM_128_HMAC_SHA1_80', masterKey, masterSalt);
      const theirs = weriftLocalContext(ProtectionProfileAes128CmHmacSha1_80, masterKey, masterSalt);
      assert.deepEqual(ours.encryptionKey, theirs.srtpSessionKey);
      assert.deepEqual(ours.salt, theirs.srtpSessionSalt);
      assert.deepEqual(ours.authKey, theirs.srtpSessionAuthTag);
    }
  });

  it('derives a 96-bit salt for AEAD_AES_128_GCM (RFC 7714 §11), as werift does', () => {
    for (let i = 0; i < 20; i++) {
      const masterKey = randomBytes(16);
      const masterSalt = randomBytes(12);
      const ours = deriveSrtpSessionKeys('AEAD_AES_128_GCM', masterKey, masterSalt);
      const theirs = weriftLocalContext(ProtectionProfileAeadAes128Gcm, masterKey, masterSalt);
      assert.deepEqual(ours.encryptionKey, theirs.srtpSessionKey);
      assert.equal(ours.salt.length, 12);
      // werift keeps 14 bytes and uses the first 12 for the IV.
      assert.deepEqual(ours.salt, theirs.srtpSessionSalt.subarray(0, 12));
      assert.equal(ours.authKey, undefined);
    }
  });

  it('maps the DTLS-SRTP profile ids and refuses others with a code', () => {
    assert.equal(srtpProfileFromId(0x0001), 'AES_CM_128_HMAC_SHA1_80');
    assert.equal(srtpProfileFromId(0x0007), 'AEAD_AES_128_GCM');
    assert.throws(() => srtpProfileFromId(0x0008), (error: unknown) => error instanceof SrtpError && error.code === 'SRTP_UNSUPPORTED_PROFILE');
  });

  it('refuses a salt of the wrong length with a code', () => {
    assert.throws(
      () => deriveSrtpSessionKeys('AEAD_AES_128_GCM', randomBytes(16), randomBytes(14)),
      (error: unknown) => error instanceof SrtpError && error.code === 'SRTP_BAD_KEY',
    );
  });
});
