import { ErrorDefinition, errorMessage, streamInformationMessage, type ClientMessageOf, type StreamInfoEntry } from 'relayrtc/protocol';
import { sendingLayers } from '../../relay/sourceTrack.js';
import type { LiveStream } from '../../streams/liveStream.js';
import type { SignalingSession } from '../signalingSession.js';

/**
 * One entry per video layer being sent (highest first, as Ant Media lists renditions; a layer the
 * publisher paused or never started would show nothing), or one audio-only entry.
 */
function streamInfoEntries(stream: LiveStream): StreamInfoEntry[] {
  const audioBitrate = stream.relay.source('audio')?.bitsPerSecond ?? 0;
  const layers = sendingLayers(stream.relay.videoLayers()).reverse();
  if (layers.length === 0) {
    return stream.relay.source('audio') ? [{ streamWidth: 0, streamHeight: 0, videoBitrate: 0, audioBitrate, videoCodec: '' }] : [];
  }
  return layers.map((layer) => ({
    streamWidth: layer.frameWidth,
    streamHeight: layer.frameHeight,
    videoBitrate: layer.bitsPerSecond,
    audioBitrate,
    videoCodec: layer.codec.mimeType.split('/')[1] ?? '',
  }));
}

/** `getStreamInfo` → `streamInformation`. */
export function handleGetStreamInfo(session: SignalingSession, message: ClientMessageOf<'getStreamInfo'>): void {
  const stream = session.ctx.registry.live(message.streamId);
  if (!stream) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId));
    return;
  }
  session.send(streamInformationMessage(stream.streamId, streamInfoEntries(stream)));
}

/**
 * `forceStreamQuality`: pins the simulcast layer of that height for this
 * player (0 = automatic); the switch is announced with `resolutionChangeInfo`.
 * A height no layer has changes nothing, as in Ant Media.
 */
export function handleForceStreamQuality(session: SignalingSession, message: ClientMessageOf<'forceStreamQuality'>): void {
  const play = session.plays.get(message.streamId);
  if (!play) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId, 'this connection does not play that stream'));
    return;
  }
  if (!play.forceQuality(message.streamHeight)) {
    session.ctx.log.debug('no layer of that height', { streamId: message.streamId, streamHeight: message.streamHeight });
  }
}
