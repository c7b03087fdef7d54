import {
  ErrorDefinition,
  errorMessage,
  takeCandidateMessage,
  takeConfigurationMessage,
  type ClientMessageOf,
} from 'relayrtc/protocol';
import type { SignalingSession } from '../signalingSession.js';
import { relayTarget } from './peerToPeer.js';

/** `takeConfiguration`: an offer belongs to a publish, an answer to a play. */
export async function handleTakeConfiguration(
  session: SignalingSession,
  message: ClientMessageOf<'takeConfiguration'>,
): Promise<void> {
  const { streamId, type, sdp } = message;
  if (session.ctx.calls.isMember(streamId, session)) {
    // Relayed as-is, with the empty idMapping the official client needs on every description.
    relayTarget(session, streamId)?.send(takeConfigurationMessage(streamId, type === 'answer' ? 'answer' : 'offer', sdp, {}));
    return;
  }
  if (type === 'offer') {
    const publish = session.publishes.get(streamId);
    if (publish) return publish.acceptOffer(sdp);
  } else if (type === 'answer') {
    const play = session.plays.get(streamId) ?? session.roomPlays.get(streamId);
    if (play) return play.acceptAnswer(sdp);
  } else {
    session.send(errorMessage(ErrorDefinition.invalidParameter, streamId, "'type' must be 'offer' or 'answer'"));
    return;
  }
  session.send(errorMessage(ErrorDefinition.notSetRemoteDescription, streamId, `no ${type === 'offer' ? 'publish' : 'play'} of this stream on this connection`));
}

/** `takeCandidate`: `label` (the m-line index) wins over `id`, as in the official client. */
export async function handleTakeCandidate(session: SignalingSession, message: ClientMessageOf<'takeCandidate'>): Promise<void> {
  const { streamId, candidate, label, id } = message;
  if (session.ctx.calls.isMember(streamId, session)) {
    relayTarget(session, streamId)?.send(takeCandidateMessage(streamId, label ?? 0, id, candidate));
    return;
  }
  const target = session.publishes.get(streamId) ?? session.plays.get(streamId) ?? session.roomPlays.get(streamId);
  if (!target) {
    session.ctx.log.debug('candidate for no peer', { streamId });
    return;
  }
  try {
    await target.addCandidate({
      candidate,
      ...(label === undefined ? {} : { sdpMLineIndex: label }),
      ...(id === undefined ? {} : { sdpMid: id }),
    });
  } catch (error) {
    // A candidate the peer cannot use (unknown mid or m-line, unparsable) is the client's mistake, not a server failure.
    session.send(errorMessage(ErrorDefinition.invalidParameter, streamId, `candidate refused: ${String(error)}`));
  }
}
