import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inOfferOrder, negotiatedVideoCodec } from './sdpVideoCodec.js';
import { INGEST_VIDEO_CODECS } from './weriftPeerConfig.js';

const answer = (videoLine: string, attributes: string) =>
  ['v=0', 'o=- 1 1 IN IP4 0.0.0.0', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2', videoLine, attributes].join('\r\n');

describe('negotiatedVideoCodec', () => {
  it('takes the first payload type of the video m-line, with its fmtp', () => {
    const sdp = answer('m=video 9 UDP/TLS/RTP/SAVPF 97 96', 'a=rtpmap:96 VP8/90000\r\na=rtpmap:97 H264/90000\r\na=fmtp:97 packetization-mode=1;profile-level-id=42e01f');
    assert.deepEqual(negotiatedVideoCodec(sdp), { mimeType: 'video/H264', clockRate: 90000, parameters: 'packetization-mode=1;profile-level-id=42e01f' });
  });

  it('has no parameters when the codec has no fmtp, and nothing without video', () => {
    assert.deepEqual(negotiatedVideoCodec(answer('m=video 9 UDP/TLS/RTP/SAVPF 96', 'a=rtpmap:96 VP8/90000')), { mimeType: 'video/VP8', clockRate: 90000 });
    assert.equal(negotiatedVideoCodec('v=0\r\nm=audio 9 RTP/AVP 0'), undefined);
  });
});

describe('inOfferOrder', () => {
  it("puts the publisher's preferred codec first", () => {
    const sdp = answer('m=video 9 UDP/TLS/RTP/SAVPF 102 96', 'a=rtpmap:96 VP8/90000\r\na=rtpmap:102 H264/90000');
    assert.deepEqual(inOfferOrder(sdp, INGEST_VIDEO_CODECS).map((c) => c.mimeType), ['video/H264', 'video/VP8']);
  });

  it('keeps our order for codecs the offer does not name', () => {
    const sdp = answer('m=video 9 UDP/TLS/RTP/SAVPF 96', 'a=rtpmap:96 VP8/90000');
    assert.deepEqual(inOfferOrder(sdp, INGEST_VIDEO_CODECS).map((c) => c.mimeType), ['video/VP8', 'video/H264']);
  });
});
