/**
 * SrtpEgress against a stand-in for werift's DTLS transport: the keys come
 * from werift's SrtpSession, what goes out is what werift's receiver
 * decrypts, a new handshake's keys are picked up, and nothing throws into
 * the relay.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ProtectionProfileAeadAes128Gcm, SrtpSession, type RTCDtlsTransport } from 'werift';
import { mustSplit } from '../relay/testing/packets.js';
import { SrtpEgress } from './srtpEgress.js';

function sessions(): { local: SrtpSession; remote: SrtpSession } {
  const a = { key: randomBytes(16), salt: randomBytes(12) };
  const b = { key: randomBytes(16), salt: randomBytes(12) };
  const profile = ProtectionProfileAeadAes128Gcm;
  return {
    local: new SrtpSession({ profile, keys: { localMasterKey: a.key, localMasterSalt: a.salt, remoteMasterKey: b.key, remoteMasterSalt: b.salt } }),
    remote: new SrtpSession({ profile, keys: { localMasterKey: b.key, localMasterSalt: b.salt, remoteMasterKey: a.key, remoteMasterSalt: a.salt } }),
  };
}

function fakeDtls(srtp: SrtpSession | undefined) {
  const sent: Buffer[] = [];
  const pair = {
    protocol: { type: 'stun', transport: { closed: false, socket: { send: (data: Buffer[]) => sent.push(Buffer.concat(data)) } } },
    remoteAddr: ['127.0.0.1', 5000],
    packetsSent: 0,
    bytesSent: 0,
  };
  const dtls = { srtp, bytesSent: 0, packetsSent: 0, iceTransport: { connection: { nominated: pair, canSendApplicationData: () => true } } };
  return { dtls, transport: dtls as unknown as RTCDtlsTransport, sent };
}

function rtp(seq: number): Buffer {
  const packet = Buffer.alloc(112);
  packet[0] = 0x80;
  packet[1] = 96;
  packet.writeUInt16BE(seq, 2);
  packet.writeUInt32BE(0xabcdef01, 8);
  packet.fill(seq & 0xff, 12);
  return packet;
}

describe('SrtpEgress', () => {
  it("sends what werift's receiver decrypts, and keeps werift's transport counters", () => {
    const { local, remote } = sessions();
    const { dtls, transport, sent } = fakeDtls(local);
    const egress = new SrtpEgress(transport);

    for (let seq = 65530; seq < 65540; seq++) egress.sendRtp(mustSplit(rtp(seq & 0xffff)));

    assert.equal(sent.length, 10);
    sent.forEach((datagram, i) => assert.deepEqual(remote.decrypt(datagram), rtp((65530 + i) & 0xffff)));
    assert.equal(egress.profile, 'AEAD_AES_128_GCM');
    assert.equal(dtls.packetsSent, 10);
    assert.equal(dtls.bytesSent, 10 * (112 + 16));
  });

  it('takes the new keys after a new handshake replaces the SRTP session', () => {
    const first = sessions();
    const second = sessions();
    const { dtls, transport, sent } = fakeDtls(first.local);
    const egress = new SrtpEgress(transport);
    egress.sendRtp(mustSplit(rtp(1)));
    dtls.srtp = second.local;
    egress.sendRtp(mustSplit(rtp(2)));
    assert.deepEqual(first.remote.decrypt(sent[0]!), rtp(1));
    assert.deepEqual(second.remote.decrypt(sent[1]!), rtp(2));
  });

  it('drops and counts what it cannot protect, without throwing into the fan-out', () => {
    const { transport, sent } = fakeDtls(undefined);
    const egress = new SrtpEgress(transport);
    assert.doesNotThrow(() => egress.sendRtp(mustSplit(rtp(1))));
    assert.equal(sent.length, 0);
    assert.equal(egress.stats.protectFailures, 1);
    assert.equal((egress.stats.lastFailure as { code?: string }).code, 'SRTP_KEYS_UNAVAILABLE');

    const keyed = new SrtpEgress(fakeDtls(sessions().local).transport);
    keyed.sendRtp({ head: Buffer.from([1, 2, 3]), headerBytes: 12, tail: Buffer.alloc(0) });
    assert.equal((keyed.stats.lastFailure as { code?: string }).code, 'SRTP_BAD_PACKET');
  });
});
