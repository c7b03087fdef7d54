/**
 * The signaling the bench's werift peers share: the integration tests'
 * protocol client and peer settings, trickle ICE, and a bounded wait for a
 * connected peer.
 */
import type { RTCPeerConnection } from 'werift';
import type { ProtocolClient } from '../../server/test/helpers/protocolClient.js';

export { ProtocolClient } from '../../server/test/helpers/protocolClient.js';
export { testPeerConfig } from '../../server/test/helpers/weriftPeers.js';

export function trickle(pc: RTCPeerConnection, client: ProtocolClient, streamId: string): void {
  pc.onIceCandidate.subscribe((c) => {
    if (c?.candidate) client.send({ command: 'takeCandidate', streamId, label: c.sdpMLineIndex ?? 0, id: c.sdpMid, candidate: c.candidate });
  });
  client.onMessage((m) => {
    if (m.command === 'takeCandidate' && m.streamId === streamId) {
      void pc.addIceCandidate({ candidate: String(m.candidate), sdpMLineIndex: Number(m.label), sdpMid: String(m.id) }).catch(() => undefined);
    }
  });
}

export function connected(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  const since = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer not connected after ${timeoutMs} ms (state ${pc.connectionState})`)), timeoutMs);
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(timer);
        resolve();
      } else if (state === 'failed' || state === 'closed') {
        clearTimeout(timer);
        reject(new Error(`peer ${state} (ICE ${pc.iceConnectionState}, DTLS ${pc.dtlsTransports[0]?.state ?? 'none'}, ${Date.now() - since} ms after the answer)`));
      }
    });
  });
}
