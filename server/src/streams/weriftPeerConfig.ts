/**
 * How the server's werift peers are configured: the codecs, RTCP feedback and
 * header extensions DESIGN.md prescribes, and ICE that never waits on an
 * unreachable STUN server.
 */
import {
  RTCRtpCodecParameters,
  useAbsSendTime,
  useAudioLevelIndication,
  useFIR,
  useNACK,
  usePLI,
  useREMB,
  useRepairedRtpStreamId,
  useSdesMid,
  useSdesRTPStreamId,
  type PeerConfig,
  type RTCPeerConnection,
} from 'werift';
import type { RelayServerConfig } from '../config.js';

export const AUDIO_LEVEL_EXTENSION_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

/** A video codec as negotiated: what a viewer's offer must carry to take the publisher's packets as they are. */
export interface VideoCodecChoice {
  mimeType: string;
  clockRate: number;
  /** The fmtp line, e.g. H.264's profile-level-id and packetization-mode. */
  parameters?: string;
}

/** What publishers may send: VP8 (RFC 7741) and H.264 packetization-mode 1 (RFC 6184); the publisher's offer order decides. */
export const INGEST_VIDEO_CODECS: VideoCodecChoice[] = [
  { mimeType: 'video/VP8', clockRate: 90000 },
  { mimeType: 'video/H264', clockRate: 90000, parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' },
];

/** NACK, PLI, FIR and REMB; no transport-cc, no RTX (DESIGN.md bugs 1 and 5). */
function videoCodecs(choices: VideoCodecChoice[]): RTCRtpCodecParameters[] {
  return choices.map(
    (choice, index) =>
      new RTCRtpCodecParameters({
        mimeType: choice.mimeType,
        clockRate: choice.clockRate,
        payloadType: 96 + index,
        rtcpFeedback: [useNACK(), usePLI(), useFIR(), useREMB()],
        ...(choice.parameters ? { parameters: choice.parameters } : {}),
      }),
  );
}

function audioCodecs(): RTCRtpCodecParameters[] {
  return [
    new RTCRtpCodecParameters({
      mimeType: 'audio/opus',
      clockRate: 48000,
      channels: 2,
      payloadType: 111,
      parameters: 'minptime=10;useinbandfec=1',
    }),
  ];
}

/** `video`: the codecs to negotiate (a viewer gets exactly the one its publisher sends). */
export function weriftPeerConfig(config: RelayServerConfig, video: VideoCodecChoice[] = INGEST_VIDEO_CODECS): Partial<PeerConfig> {
  return {
    codecs: { audio: audioCodecs(), video: videoCodecs(video) },
    headerExtensions: {
      video: [useSdesMid(), useAbsSendTime(), useSdesRTPStreamId(), useRepairedRtpStreamId()],
      // ssrc-audio-level (RFC 6464): rooms pick their active speakers from it.
      audio: [useSdesMid(), useAudioLevelIndication()],
    },
    iceServers: config.ice.iceServers,
    iceAdditionalHostAddresses: config.ice.additionalHostAddresses,
    iceUseIpv6: false,
    // One transport from the start: with the default policy werift opens one per m-line and
    // never closes the ones BUNDLE makes redundant, leaking their UDP sockets.
    bundlePolicy: 'max-bundle',
    // werift queries a public STUN server even when none is configured (DESIGN.md bug 8): with
    // none of ours configured there is nothing worth waiting for, so 0 lets gathering finish at once.
    iceStunGatherTimeout: config.ice.iceServers.length > 0 ? config.ice.stunGatherTimeoutSeconds : 0,
    ...(config.ice.portRange ? { icePortRange: config.ice.portRange } : {}),
  };
}

/**
 * werift falls back to a public STUN server when none is configured (DESIGN.md
 * bug 8) and keeps retrying that query for ~40 s where it is unreachable,
 * holding timers (and a DNS lookup) past the peer's close. With no STUN
 * server of ours configured, clear that fallback before gathering starts.
 * Call after the transports exist (addTransceiver or setRemoteDescription)
 * and before setLocalDescription.
 */
export function skipImplicitStun(pc: RTCPeerConnection, config: Pick<RelayServerConfig, 'ice'>): void {
  if (config.ice.iceServers.some((server) => /^stuns?:/.test(server.urls))) return;
  for (const transport of pc.iceTransports) {
    (transport.connection as { stunServer?: unknown }).stunServer = undefined;
  }
}
