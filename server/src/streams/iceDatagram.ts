/**
 * Writes an SRTP datagram on werift's ICE connection. werift's own
 * `connection.send` goes through three async functions (a promise each, and
 * an `isIP` check) before its socket's `send`; for the common case, a UDP
 * selected pair, this makes the same dgram call directly, after the same RFC
 * 7675 consent check, and keeps werift's pair statistics. The datagram may
 * come in parts (header, payload, tag): the socket sends them as one
 * (sendmsg with an iovec), so they are never copied together. Any other pair
 * (TCP, TURN) takes werift's path, with the parts joined.
 */
import type { Socket } from 'node:dgram';
import type { RTCIceTransport } from 'werift';

type IceConnection = RTCIceTransport['connection'];
type CandidatePair = NonNullable<IceConnection['nominated']>;

interface UdpTransportLike {
  socket?: Socket;
  closed?: boolean;
}

const ignore = (): void => undefined;

/** werift's consent-to-send check (private in its types, present at run time). */
function mayDeliver(connection: IceConnection): boolean {
  const check = (connection as unknown as { canSendApplicationData?: () => boolean }).canSendApplicationData;
  return check ? check.call(connection) : connection.nominated !== undefined;
}

function udpSocketOf(pair: CandidatePair): Socket | undefined {
  if (pair.protocol.type !== 'stun') return undefined;
  const transport = (pair.protocol as unknown as { transport?: UdpTransportLike }).transport;
  return transport && !transport.closed ? transport.socket : undefined;
}

/** Sends `datagram` (one buffer, or its consecutive parts); returns its length in bytes. */
export function sendOnIce(connection: IceConnection, datagram: Buffer | Buffer[]): number {
  const bytes = Array.isArray(datagram) ? datagram.reduce((sum, part) => sum + part.length, 0) : datagram.length;
  const pair = connection.nominated;
  if (!pair || !mayDeliver(connection)) return 0;
  const socket = udpSocketOf(pair);
  if (!socket) {
    connection.send(Array.isArray(datagram) ? Buffer.concat(datagram) : datagram).catch(ignore);
    return bytes;
  }
  const [address, port] = pair.remoteAddr;
  try {
    socket.send(datagram, port, address);
  } catch {
    return 0; // the socket closed under us: the peer is going away
  }
  pair.packetsSent++;
  pair.bytesSent += bytes;
  return bytes;
}
