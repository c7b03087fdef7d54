/**
 * Writes an SRTP datagram on werift's ICE connection. werift's own
 * `connection.send` goes through three async functions (a promise each, and
 * an `isIP` check) before its socket's `send`; for the common case, a UDP
 * selected pair, this makes the same dgram call directly, after the same RFC
 * 7675 consent check, and keeps werift's pair statistics. Any other pair
 * (TCP, TURN) takes werift's path.
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

export function sendOnIce(connection: IceConnection, datagram: Buffer): void {
  const pair = connection.nominated;
  if (!pair || !mayDeliver(connection)) return;
  const socket = udpSocketOf(pair);
  if (!socket) {
    connection.send(datagram).catch(ignore);
    return;
  }
  const [address, port] = pair.remoteAddr;
  try {
    socket.send(datagram, port, address);
  } catch {
    return; // the socket closed under us: the peer is going away
  }
  pair.packetsSent++;
  pair.bytesSent += datagram.length;
}
