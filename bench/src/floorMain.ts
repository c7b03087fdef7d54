/**
 * The floor, measured in its own process in the same run as the server: what
 * one packet to one viewer costs in Node at the least, i.e. SRTP protect of a
 * 1012-byte RTP packet with node:crypto (RFC 7714 AES-128-GCM, or RFC 3711
 * AES-CM + HMAC-SHA1-80) plus one loopback UDP send to another process. Also
 * our SrtpProtector plus the send, as the egress does them, to show what our
 * SRTP code adds to it.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { deriveSrtpSessionKeys, type SrtpProfile } from '../../server/src/streams/srtpKeys.js';
import { SrtpProtector } from '../../server/src/streams/srtpProtector.js';
import { serve } from './ipc.js';
import { quantile } from './stats.js';

const PACKET_BYTES = 1012;
/** Sends per turn of the event loop: the server also sends in bursts (one per viewer). */
const BURST = 100;

type Variant = 'crypto' | 'send' | 'floor' | 'ours';
const VARIANTS: Variant[] = ['crypto', 'send', 'floor', 'ours'];

function rtpPacket(seq: number): Buffer {
  const packet = randomBytes(PACKET_BYTES);
  packet[0] = 0x80;
  packet[1] = 96;
  packet.writeUInt16BE(seq & 0xffff, 2);
  return packet;
}

/** The minimal protect: one cipher per packet, as node:crypto requires; IV per RFC 7714 §8.1 / RFC 3711 §4.1.1 shape. */
function nodeCryptoProtect(profile: SrtpProfile): (packet: Buffer, i: number) => Buffer {
  const key = randomBytes(16);
  const authKey = randomBytes(20);
  const iv12 = randomBytes(12);
  const iv16 = randomBytes(16);
  const roc = Buffer.alloc(4);
  if (profile === 'AEAD_AES_128_GCM') {
    return (packet, i) => {
      iv12.writeUInt16BE(i & 0xffff, 10);
      const cipher = createCipheriv('aes-128-gcm', key, iv12);
      cipher.setAAD(packet.subarray(0, 12));
      const encrypted = cipher.update(packet.subarray(12));
      cipher.final();
      return Buffer.concat([packet.subarray(0, 12), encrypted, cipher.getAuthTag()]);
    };
  }
  return (packet, i) => {
    iv16.writeUInt16BE(i & 0xffff, 12);
    const encrypted = createCipheriv('aes-128-ctr', key, iv16).update(packet.subarray(12));
    const tag = createHmac('sha1', authKey).update(packet.subarray(0, 12)).update(encrypted).update(roc).digest();
    return Buffer.concat([packet.subarray(0, 12), encrypted, tag.subarray(0, 10)]);
  };
}

function variantStep(variant: Variant, profile: SrtpProfile, socket: Socket, port: number): (packet: Buffer, i: number) => void {
  const protect = nodeCryptoProtect(profile);
  const ours = new SrtpProtector(deriveSrtpSessionKeys(profile, randomBytes(16), randomBytes(profile === 'AEAD_AES_128_GCM' ? 12 : 14)));
  const send = (buffer: Buffer): void => socket.send(buffer, port, '127.0.0.1');
  switch (variant) {
    case 'crypto':
      return (packet, i) => void protect(packet, i);
    case 'send':
      return (packet) => send(packet);
    case 'floor':
      return (packet, i) => send(protect(packet, i));
    case 'ours':
      // As the egress does: the parts go out in one scatter/gather send.
      return (packet) => void socket.send(ours.protectParts({ head: packet.subarray(0, 12), headerBytes: 12, tail: packet.subarray(12) }), port, '127.0.0.1');
  }
}

/** CPU µs per packet of `packets` runs of `step`, in bursts, the loop turning between them. */
async function measure(step: (packet: Buffer, i: number) => void, packets: number): Promise<number> {
  const pool = Array.from({ length: 64 }, (_, i) => rtpPacket(i));
  for (let i = 0; i < 3000; i++) step(pool[i & 63]!, i); // warm the JIT
  await new Promise((resolve) => setImmediate(resolve));
  const before = process.cpuUsage();
  let i = 0;
  await new Promise<void>((resolve) => {
    const burst = (): void => {
      for (const end = Math.min(packets, i + BURST); i < end; i++) {
        const packet = pool[i & 63]!;
        packet.writeUInt16BE(i & 0xffff, 2);
        step(packet, i);
      }
      if (i < packets) setImmediate(burst);
      else setImmediate(resolve);
    };
    burst();
  });
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / packets;
}

interface MeasureRequest {
  port: number;
  packets: number;
  profiles: SrtpProfile[];
}

/** Rounds of every variant in turn, so a burst of other load hits them alike; the median of each. */
const ROUNDS = 5;

async function run({ port, packets, profiles }: MeasureRequest): Promise<Record<string, Record<Variant, number>>> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const samples = new Map<string, number[]>();
  const perRound = Math.max(500, Math.round(packets / ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    for (const profile of profiles) {
      for (const variant of VARIANTS) {
        const key = `${profile}/${variant}`;
        samples.set(key, [...(samples.get(key) ?? []), await measure(variantStep(variant, profile, socket, port), perRound)]);
      }
    }
  }
  socket.close();
  const results: Record<string, Record<Variant, number>> = {};
  for (const profile of profiles) {
    results[profile] = Object.fromEntries(VARIANTS.map((variant) => [variant, quantile(samples.get(`${profile}/${variant}`)!, 0.5)])) as Record<Variant, number>;
  }
  return results;
}

serve({ run, close: () => setImmediate(() => process.exit(0)) });
