import { ErrorDefinition, errorMessage, streamInformationMessage, type ClientMessageOf, type StreamInfoEntry } from 'relayrtc/protocol';
import type { LiveStream } from '../../streams/liveStream.js';
import type { SignalingSession } from '../signalingSession.js';

/** One entry per live video layer (one layer until simulcast), or one audio-only entry. */
function streamInfoEntries(stream: LiveStream): StreamInfoEntry[] {
  const video = stream.relay.source('video');
  const audio = stream.relay.source('audio');
  if (!video && !audio) return [];
  return [
    {
      streamWidth: video?.frameWidth ?? 0,
      streamHeight: video?.frameHeight ?? 0,
      videoBitrate: video?.bitsPerSecond ?? 0,
      audioBitrate: audio?.bitsPerSecond ?? 0,
      videoCodec: video?.codec.mimeType.split('/')[1] ?? '',
    },
  ];
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
 * `forceStreamQuality`: accepted for a stream this socket plays. With one
 * layer per stream there is nothing to switch yet; simulcast layer choice
 * (issue 5) turns this into a pinned layer.
 */
export function handleForceStreamQuality(session: SignalingSession, message: ClientMessageOf<'forceStreamQuality'>): void {
  if (!session.plays.has(message.streamId)) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId, 'this connection does not play that stream'));
  }
}
