/**
 * SRTP session keys from a DTLS-SRTP master key and salt (RFC 5764 §4.2):
 * the AES-CM key derivation of RFC 3711 §4.3 with a key derivation rate of 0,
 * so the keys never change for the life of the session. RFC 7714 §11 uses the
 * same derivation for AEAD_AES_128_GCM, with a 96-bit master and session salt.
 */
import { createCipheriv } from 'node:crypto';
import { SrtpError } from './srtpError.js';

export type SrtpProfile = 'AES_CM_128_HMAC_SHA1_80' | 'AEAD_AES_128_GCM';

/** DTLS-SRTP protection profile ids on the wire (RFC 5764 §4.1.2, RFC 7714 §14.2). */
const PROFILE_BY_ID: ReadonlyMap<number, SrtpProfile> = new Map([
  [0x0001, 'AES_CM_128_HMAC_SHA1_80'],
  [0x0007, 'AEAD_AES_128_GCM'],
]);

/** Master/session key and salt lengths in bytes, and the HMAC-SHA1 key length (RFC 3711 §8.2; RFC 7714 §12). */
const LENGTHS: Record<SrtpProfile, { key: number; salt: number; auth: number }> = {
  AES_CM_128_HMAC_SHA1_80: { key: 16, salt: 14, auth: 20 },
  AEAD_AES_128_GCM: { key: 16, salt: 12, auth: 0 },
};

/** RFC 3711 §4.3.2: the labels of the SRTP (not SRTCP) session keys. */
const LABEL_ENCRYPTION = 0x00;
const LABEL_AUTHENTICATION = 0x01;
const LABEL_SALT = 0x02;

export interface SrtpSessionKeys {
  profile: SrtpProfile;
  /** k_e: the AES-128 session key. */
  encryptionKey: Buffer;
  /** k_s: 112 bits for AES-CM, 96 bits for AES-GCM. */
  salt: Buffer;
  /** k_a: the HMAC-SHA1 key (AES-CM profile only; GCM authenticates with its own tag). */
  authKey: Buffer | undefined;
}

export function srtpProfileFromId(id: number): SrtpProfile {
  const profile = PROFILE_BY_ID.get(id);
  if (!profile) throw new SrtpError('SRTP_UNSUPPORTED_PROFILE', `SRTP protection profile 0x${id.toString(16).padStart(4, '0')} is not implemented`);
  return profile;
}

/**
 * RFC 3711 §4.3.1 with kdr = 0: x = (label << 48) XOR master_salt, and the key
 * is the AES-CM keystream (§4.1.1) under the master key from IV = x * 2^16.
 * A 96-bit (GCM) master salt fills the top 96 of the 112 bits, the rest zero,
 * as libsrtp and werift do.
 */
function prf(masterKey: Buffer, masterSalt: Buffer, label: number, length: number): Buffer {
  const iv = Buffer.alloc(16);
  masterSalt.copy(iv, 0);
  iv[7]! ^= label; // the label's byte: bits 48-55 of the 112-bit x, which occupies iv[0..13]
  const cipher = createCipheriv('aes-128-ctr', masterKey, iv);
  return Buffer.concat([cipher.update(Buffer.alloc(length)), cipher.final()]);
}

export function deriveSrtpSessionKeys(profile: SrtpProfile, masterKey: Buffer, masterSalt: Buffer): SrtpSessionKeys {
  const lengths = LENGTHS[profile];
  if (masterKey.length !== lengths.key || masterSalt.length !== lengths.salt) {
    throw new SrtpError('SRTP_BAD_KEY', `${profile} needs a ${lengths.key}-byte master key and ${lengths.salt}-byte salt, got ${masterKey.length} and ${masterSalt.length}`);
  }
  return {
    profile,
    encryptionKey: prf(masterKey, masterSalt, LABEL_ENCRYPTION, lengths.key),
    salt: prf(masterKey, masterSalt, LABEL_SALT, lengths.salt),
    authKey: lengths.auth > 0 ? prf(masterKey, masterSalt, LABEL_AUTHENTICATION, lengths.auth) : undefined,
  };
}
