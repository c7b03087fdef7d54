/**
 * Our SRTP sender against the RFC vectors and, bit for bit, against werift's
 * SrtpSession.encrypt for the same keys and packets, across sequence-number
 * rollover; and werift's receiver must decrypt what we send.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ProtectionProfileAeadAes128Gcm, ProtectionProfileAes128CmHmacSha1_80, RtpPacket, SrtpSession } from 'werift';
import { rtpHeaderLength } from '../relay/rtpParts.js';
import { SrtpError } from './srtpError.js';
import { deriveSrtpSessionKeys, type SrtpProfile } from './srtpKeys.js';
import { SrtpProtector } from './srtpProtector.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

const PROFILES: Array<{ name: SrtpProfile; id: number; saltBytes: number }> = [
  { name: 'AEAD_AES_128_GCM', id: ProtectionProfileAeadAes128Gcm, saltBytes: 12 },
  { name: 'AES_CM_128_HMAC_SHA1_80', id: ProtectionProfileAes128CmHmacSha1_80, saltBytes: 14 },
];

interface Pair {
  ours: SrtpProtector;
  /** werift's sender with the same master key. */
  werift: SrtpSession;
  /** werift's receiver for what either sends. */
  receiver: SrtpSession;
}

function pair(profile: (typeof PROFILES)[number]): Pair {
  const key = randomBytes(16);
  const salt = randomBytes(profile.saltBytes);
  const other = { key: randomBytes(16), salt: randomBytes(profile.saltBytes) };
  return {
    ours: new SrtpProtector(deriveSrtpSessionKeys(profile.name, key, salt)),
    werift: new SrtpSession({ profile: profile.id, keys: { localMasterKey: key, localMasterSalt: salt, remoteMasterKey: other.key, remoteMasterSalt: other.salt } }),
    receiver: new SrtpSession({ profile: profile.id, keys: { localMasterKey: other.key, localMasterSalt: other.salt, remoteMasterKey: key, remoteMasterSalt: salt } }),
  };
}

/** An RTP packet as the relay sends it: 12-byte header, VP8-ish payload. */
function rtp(sequenceNumber: number, options: { ssrc?: number; payloadBytes?: number; marker?: boolean } = {}): Buffer {
  const payloadBytes = options.payloadBytes ?? 1000;
  const packet = Buffer.alloc(12 + payloadBytes);
  packet[0] = 0x80;
  packet[1] = (options.marker ? 0x80 : 0) | 96;
  packet.writeUInt16BE(sequenceNumber & 0xffff, 2);
  packet.writeUInt32BE((sequenceNumber * 3000) >>> 0, 4);
  packet.writeUInt32BE(options.ssrc ?? 0x11223344, 8);
  for (let i = 12; i < packet.length; i++) packet[i] = (i * 7 + sequenceNumber) & 0xff;
  return packet;
}

function weriftEncrypt(session: SrtpSession, packet: Buffer): Buffer {
  const parsed = RtpPacket.deSerialize(packet);
  return session.encrypt(parsed.payload, parsed.header);
}

/** Sends `sequence` through both senders: every packet identical, and werift's receiver gets the original back. */
function assertBitExact(p: Pair, sequence: number[], options: { payloadBytes?: number } = {}): void {
  for (const [i, seq] of sequence.entries()) {
    const packet = rtp(seq, options);
    const ours = p.ours.protect(packet);
    const theirs = weriftEncrypt(p.werift, packet);
    if (!ours.equals(theirs)) assert.fail(`packet ${i} (seq ${seq}) differs from werift's`);
    assert.deepEqual(p.receiver.decrypt(ours), packet, `werift decrypts packet ${i} (seq ${seq})`);
  }
}

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => (from + i) & 0xffff);

describe('SRTP protect: RFC vectors', () => {
  it('AEAD_AES_128_GCM: the RFC 7714 §16.1.1 packet', () => {
    // Arrange: the RFC gives session keys, not master keys.
    const protector = new SrtpProtector({ profile: 'AEAD_AES_128_GCM', encryptionKey: hex('000102030405060708090a0b0c0d0e0f'), salt: hex('517569642070726f2071756f'), authKey: undefined });
    const packet = hex('8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573');

    // Act
    const out = protector.protect(packet);

    // Assert
    const expected = hex(
      '8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833 899d7f27 beb16a91 52cf765e e4390cce',
    );
    assert.equal(out.toString('hex'), expected.toString('hex'));
  });

  it('AES_CM_128_HMAC_SHA1_80: the RFC 3711 Appendix B.2 keystream', () => {
    const protector = new SrtpProtector({ profile: 'AES_CM_128_HMAC_SHA1_80', encryptionKey: hex('2B7E151628AED2A6ABF7158809CF4F3C'), salt: hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD'), authKey: Buffer.alloc(20) });
    // SSRC 0, SEQ 0, ROC 0: zeros encrypt to the keystream itself.
    const packet = Buffer.alloc(12 + 16);
    packet[0] = 0x80;

    const out = protector.protect(packet);

    assert.equal(out.subarray(12, 28).toString('hex'), 'e03ead0935c95e80e166b16dd92b4eb4');
    assert.equal(out.length, packet.length + 10);
  });
});

for (const profile of PROFILES) {
  describe(`SRTP protect (${profile.name}) against werift's SrtpSession.encrypt`, () => {
    it('is bit-exact for in-order packets', () => {
      assertBitExact(pair(profile), range(1000, 200));
    });

    it('is bit-exact across a sequence-number wrap (ROC 0 → 1)', () => {
      assertBitExact(pair(profile), range(65000, 1500));
    });

    it('is bit-exact across two wraps (ROC 0 → 2)', () => {
      // Every 50th sequence number: werift notices a wrap only within 100 of it.
      const sequence = Array.from({ length: Math.ceil((2 * 65536) / 50) + 4 }, (_, i) => (65530 + 50 * i) & 0xffff);
      assertBitExact(pair(profile), sequence, { payloadBytes: 100 });
    });

    it('is bit-exact when the first packet is right at the wrap', () => {
      assertBitExact(pair(profile), range(65535, 5));
    });

    it('is bit-exact for NACK resends from before the wrap (within werift`s 100-packet window)', () => {
      assertBitExact(pair(profile), [...range(65530, 12), 65533, 65535, 6, 7, 65531, 8]);
    });

    it('is bit-exact when packets were lost over the wrap', () => {
      assertBitExact(pair(profile), [65500, 65520, 3, 4, 40, 41]);
    });

    it('is bit-exact for packets with CSRCs and a header extension', () => {
      const p = pair(profile);
      const packet = hex('92e0 0001 00000bb8 11223344 aabbccdd 0000eeff bede0001 10ff0000 0102030405060708090a');
      assert.equal(rtpHeaderLength(packet), 12 + 8 + 8);
      assert.deepEqual(p.ours.protect(packet), weriftEncrypt(p.werift, packet));
    });

    it('keeps a rollover counter per SSRC', () => {
      const p = pair(profile);
      for (const seq of range(65534, 4)) {
        for (const ssrc of [1, 2]) {
          const packet = rtp(seq, { ssrc });
          assert.deepEqual(p.ours.protect(packet), weriftEncrypt(p.werift, packet));
        }
      }
    });

    it('protects a resend far behind the wrap with the previous ROC (RFC 3711 Appendix A), where werift differs', () => {
      // Arrange: 1000 packets over the wrap, then a NACKed one from 400 back, before the wrap.
      const p = pair(profile);
      for (const seq of range(65000, 1000)) {
        const packet = rtp(seq);
        p.ours.protect(packet);
        weriftEncrypt(p.werift, packet);
      }
      const resend = rtp(65100);
      const parsed = RtpPacket.deSerialize(resend);
      const cipher = (p.werift.localContext as unknown as { cipher: { encryptRtp(h: unknown, payload: Buffer, roc: number): Buffer } }).cipher;

      // Act
      const ours = p.ours.protect(resend);

      // Assert: index 65100 of the first cycle, as a libsrtp receiver (browsers) estimates it.
      // werift only looks 100 packets back from the wrap and would use ROC 1, as would its receiver.
      assert.deepEqual(ours, cipher.encryptRtp(parsed.header, parsed.payload, 0));
      assert.notDeepEqual(ours, weriftEncrypt(p.werift, resend));
    });

    it('protects a packet whose head carries the first payload bytes (a rewritten VP8 descriptor) as the joined packet, in the same parts', () => {
      const p = pair(profile);
      for (const [seq, carried] of [[1, 5], [2, 1], [3, 17], [4, 0]] as const) {
        const packet = rtp(seq);
        const parts = { head: packet.subarray(0, 12 + carried), headerBytes: 12, tail: packet.subarray(12 + carried) };

        const datagram = p.ours.protectParts(parts);

        assert.deepEqual(Buffer.concat(datagram), weriftEncrypt(p.werift, packet), `${carried} payload bytes in the head`);
        assert.equal(datagram.length, carried > 0 ? 4 : 3, 'header, encrypted parts, tag');
      }
    });

    it('does not change the packet it protects', () => {
      const packet = rtp(7);
      const copy = Buffer.from(packet);
      pair(profile).ours.protect(packet);
      assert.deepEqual(packet, copy);
    });
  });
}

describe('SRTP protect: bad input', () => {
  it('refuses what is not RTP with a code', () => {
    const protector = pair(PROFILES[0]!).ours;
    for (const bad of [Buffer.alloc(8), Buffer.from([0x40, ...Buffer.alloc(15)]), hex('90000001 00000000 00000000 bede0009')]) {
      assert.throws(() => protector.protect(bad), (error: unknown) => error instanceof SrtpError && error.code === 'SRTP_BAD_PACKET');
    }
    const shortHead = { head: Buffer.from([0x80, 96, 0, 1]), headerBytes: 12, tail: Buffer.alloc(20) };
    assert.throws(() => protector.protectParts(shortHead), (error: unknown) => error instanceof SrtpError && error.code === 'SRTP_BAD_PACKET');
  });
});
