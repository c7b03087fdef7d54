import { iceServerConfigMessage, pongMessage } from 'relayrtc/protocol';
import type { SignalingSession } from '../signalingSession.js';

export function handlePing(session: SignalingSession): void {
  session.send(pongMessage());
}

/** Ant Media 2.16 clients ask on open; the answer comes from configuration (§4.1.3). */
export function handleGetIceServerConfig(session: SignalingSession): void {
  const { clientStunServerUri, clientTurnUsername, clientTurnCredential } = session.ctx.config.ice;
  session.send(iceServerConfigMessage(clientStunServerUri, clientTurnUsername, clientTurnCredential));
}
