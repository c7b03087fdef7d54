/**
 * How the server's werift peers are configured: the codecs, RTCP feedback and
 * header extensions DESIGN.md prescribes, and ICE that never waits on an
 * unreachable STUN server.
 */
import {
  RTCRtpCodecParameters,
  useAbsSendTime,
  useFIR,
  useNACK,
  usePLI,
  useREMB,
  useRepairedRtpStreamId,
  useSdesMid,
  useSdesRTPStreamId,
  type PeerConfig,
} from 'werift';
import type { RelayServerConfig } from '../config.js';

/** VP8 (RFC 7741) with NACK, PLI, FIR and REMB; no transport-cc, no RTX (DESIGN.md bugs 1 and 5). */
function videoCodecs(): RTCRtpCodecParameters[] {
  return [
    new RTCRtpCodecParameters({
      mimeType: 'video/VP8',
      clockRate: 90000,
      payloadType: 96,
      rtcpFeedback: [useNACK(), usePLI(), useFIR(), useREMB()],
    }),
  ];
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

export function weriftPeerConfig(config: RelayServerConfig): Partial<PeerConfig> {
  return {
    codecs: { audio: audioCodecs(), video: videoCodecs() },
    headerExtensions: {
      video: [useSdesMid(), useAbsSendTime(), useSdesRTPStreamId(), useRepairedRtpStreamId()],
      audio: [useSdesMid()],
    },
    iceServers: config.ice.iceServers,
    iceAdditionalHostAddresses: config.ice.additionalHostAddresses,
    iceUseIpv6: false,
    // One transport from the start: with the default policy werift opens one per m-line and
    // never closes the ones BUNDLE makes redundant, leaking their UDP sockets.
    bundlePolicy: 'max-bundle',
    iceStunGatherTimeout: config.ice.stunGatherTimeoutSeconds,
    ...(config.ice.portRange ? { icePortRange: config.ice.portRange } : {}),
  };
}
