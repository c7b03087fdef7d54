import { ErrorDefinition, errorMessage, streamInformationMessage, type ClientMessageOf, type StreamInfoEntry } from 'relayrtc/protocol';
import type { SignalingSession } from '../signalingSession.js';

/** `getStreamInfo`: one entry per live video layer (one layer until simulcast arrives). */
export function handleGetStreamInfo(session: SignalingSession, message: ClientMessageOf<'getStreamInfo'>): void {
  const stream = session.ctx.registry.live(message.streamId);
  if (!stream) {
    session.send(errorMessage(ErrorDefinition.noStreamExist, message.streamId));
    return;
  }
  const video = stream.relay.source('video');
  const audio = stream.relay.source('audio');
  const entries: StreamInfoEntry[] = video
    ? [{ streamWidth: 0, streamHeight: 0, videoBitrate: 0, audioBitrate: 0, videoCodec: video.codec.mimeType.split('/')[1] ?? '' }]
    : [];
  if (!video && audio) entries.push({ streamWidth: 0, streamHeight: 0, videoBitrate: 0, audioBitrate: 0, videoCodec: '' });
  session.send(streamInformationMessage(stream.streamId, entries));
}
