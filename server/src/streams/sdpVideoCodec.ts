/** The video codec a session description settled on: the first payload type of its video m-line (RFC 3264 §6.1). */
import type { VideoCodecChoice } from './weriftPeerConfig.js';

export function negotiatedVideoCodec(sdp: string): VideoCodecChoice | undefined {
  const section = sdp.split(/\r?\nm=/).find((part) => part.startsWith('video '));
  const payloadType = section?.split(/\r?\n/)[0]?.split(' ')[3];
  if (!section || payloadType === undefined) return undefined;
  const rtpmap = new RegExp(`a=rtpmap:${payloadType} ([^/\\s]+)/(\\d+)`).exec(section);
  if (!rtpmap) return undefined;
  const fmtp = new RegExp(`a=fmtp:${payloadType} (.+)`).exec(section)?.[1]?.trim();
  return { mimeType: `video/${rtpmap[1]}`, clockRate: Number(rtpmap[2]), ...(fmtp ? { parameters: fmtp } : {}) };
}

/** `supported` reordered by the offer's preference (its video m-line's payload type order); unoffered ones last. */
export function inOfferOrder(offerSdp: string, supported: VideoCodecChoice[]): VideoCodecChoice[] {
  const section = offerSdp.split(/\r?\nm=/).find((part) => part.startsWith('video ')) ?? '';
  const payloadTypes = section.split(/\r?\n/)[0]?.split(' ').slice(3) ?? [];
  const rank = (choice: VideoCodecChoice): number => {
    const name = choice.mimeType.split('/')[1]!.toLowerCase();
    const position = payloadTypes.findIndex((pt) => new RegExp(`a=rtpmap:${pt} ${name}/`, 'i').test(section));
    return position < 0 ? Number.MAX_SAFE_INTEGER : position;
  };
  return [...supported].sort((a, b) => rank(a) - rank(b));
}
