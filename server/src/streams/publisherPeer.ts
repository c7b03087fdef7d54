/**
 * The server end of a publisher's connection: answers the browser's offer,
 * turns each received track into a relay source, asks the publisher for
 * keyframes and sends it REMB.
 */
import { RTCPeerConnection, type MediaStreamTrack, type RTCRtpTransceiver } from 'werift';
import type { RelayServerConfig } from '../config.js';
import type { Clock, TimerHandle } from '../relay/clock.js';
import { DuplicateFilter } from '../relay/duplicateFilter.js';
import { startRembLoop } from '../relay/rembLoop.js';
import { parseRtcp } from '../relay/rtcp.js';
import type { MediaKind, SourceTrack } from '../relay/sourceTrack.js';
import type { StreamRelay } from '../relay/streamRelay.js';
import { addRemoteCandidate, wireIceEvents, type PeerEvents, type RemoteCandidate } from './peerSignals.js';
import type { PeerDeps } from './peerDeps.js';
import { bindDataChannel, type DataChannelBinding } from './weriftDataChannel.js';
import { negotiatedVideoCodec } from './sdpVideoCodec.js';
import { AUDIO_LEVEL_EXTENSION_URI, INGEST_VIDEO_CODECS, skipImplicitStun, weriftPeerConfig, type VideoCodecChoice } from './weriftPeerConfig.js';
import { onRawRtcp, WeriftEgress } from './weriftTransport.js';

export interface PublisherPeerEvents extends PeerEvents {
  /** The first RTP packet arrived: the stream is live. */
  firstPacket(): void;
}

export class PublisherPeer {
  private readonly pc: RTCPeerConnection;
  private readonly sources: SourceTrack[] = [];
  private remb: TimerHandle | undefined;
  private stopRtcp: (() => void) | undefined;
  private receivedAny = false;
  /** Per source, when pulled: the sequence numbers already forwarded. */
  private readonly duplicates = new Map<SourceTrack, DuplicateFilter>();
  /** The video codec the answer settled on; viewers are offered exactly this one. */
  videoCodec: VideoCodecChoice | undefined;
  /** Whether the offer sends simulcast video (rid layers, RFC 8853). */
  private simulcast = false;
  private closed = false;
  private readonly untrack: () => void;

  private readonly relay: StreamRelay;
  private readonly config: RelayServerConfig;
  private readonly clock: Clock;
  private dataChannel: DataChannelBinding | undefined;

  constructor(
    deps: PeerDeps,
    private readonly events: PublisherPeerEvents,
    /** Video codecs to accept, in the publisher's order of preference (werift answers with its first match). */
    videoCodecs: VideoCodecChoice[] = INGEST_VIDEO_CODECS,
    /**
     * A stream an edge pulls from its origin (cluster/originPull.ts): each video layer comes on an
     * m-line of its own and is named after it (`m<mid>`); packets the origin sends twice (resends
     * answering NACKs whose originals arrived too) are dropped, not fanned out twice.
     */
    private readonly pulled = false,
  ) {
    ({ relay: this.relay, config: this.config, clock: this.clock } = deps);
    this.pc = new RTCPeerConnection(weriftPeerConfig(this.config, videoCodecs));
    this.untrack = deps.tracker.track(this.pc);
    wireIceEvents(this.pc, { ...events, connected: () => this.onConnected() });
    this.pc.onRemoteTransceiverAdded.subscribe((transceiver) => {
      transceiver.onTrack.subscribe((track) => this.onTrack(track, transceiver));
    });
    // The publisher's channel (label = streamId) feeds every player's.
    this.pc.onDataChannel.subscribe((channel) => {
      this.dataChannel?.dispose();
      this.dataChannel = bindDataChannel(channel, {
        attached: (endpoint) => deps.data.setPublisher(endpoint),
        message: (_endpoint, message) => deps.data.fromPublisher(message),
        closed: () => deps.data.setPublisher(undefined),
      });
    });
  }

  /** Media kinds the offer sends to us, in m-line order. */
  static offeredKinds(offerSdp: string): MediaKind[] {
    const kinds: MediaKind[] = [];
    for (const section of offerSdp.split(/\r?\nm=/).slice(1)) {
      const kind = section.startsWith('audio') ? 'audio' : section.startsWith('video') ? 'video' : undefined;
      const sends = !/\r?\na=(recvonly|inactive)/.test(section) && !/^\w+ 0 /.test(section);
      if (kind && sends) kinds.push(kind);
    }
    return kinds;
  }

  async answer(offerSdp: string): Promise<string> {
    this.simulcast = /\r?\na=simulcast:/.test(offerSdp);
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    skipImplicitStun(this.pc, this.config);
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    const sdp = this.pc.localDescription?.sdp ?? answer.sdp;
    this.videoCodec = negotiatedVideoCodec(sdp);
    return sdp;
  }

  /**
   * Answers an offer that restarts ICE (new credentials) on this connection;
   * DTLS, SRTP and the tracks stay. werift 0.25.2 restarts its agent on the new
   * remote credentials, but its connect() returns early while DTLS is still up,
   * so the new connectivity checks would never start: they are started here.
   */
  async answerIceRestart(offerSdp: string): Promise<string> {
    const sdp = await this.answer(offerSdp);
    for (const transport of this.pc.iceTransports) {
      if (transport.state === 'closed' || transport.state === 'connected') continue;
      transport.start().catch((error: unknown) => {
        if (!this.closed) this.events.failed(`ICE restart failed: ${String(error)}`);
      });
    }
    return sdp;
  }

  addRemoteCandidate(candidate: RemoteCandidate): Promise<void> {
    return addRemoteCandidate(this.pc, candidate);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.remb?.cancel();
    this.stopRtcp?.();
    this.dataChannel?.dispose();
    this.untrack();
    void this.pc.close().catch(() => undefined);
  }

  private onTrack(track: MediaStreamTrack, transceiver: RTCRtpTransceiver): void {
    if (this.simulcast && track.kind === 'video' && !track.rid) {
      this.routeBySsrc(track);
      return;
    }
    const codec = track.codec ?? transceiver.codecs.find((c) => c.mimeType.toLowerCase().startsWith(track.kind));
    if (!codec) return;
    const receiver = transceiver.receiver;
    const rid = track.rid ?? (this.pulled && track.kind === 'video' ? `m${transceiver.mid ?? ''}` : '');
    const source = this.relay.addSource(
      {
        kind: track.kind as MediaKind,
        mimeType: codec.mimeType,
        clockRate: codec.clockRate,
        channels: codec.channels,
        audioLevelExtensionId: transceiver.headerExtensions.find((e) => e.uri === AUDIO_LEVEL_EXTENSION_URI)?.id,
      },
      (mediaSsrc) => void receiver.sendRtcpPLI(mediaSsrc).catch(() => undefined),
      rid,
    );
    this.sources.push(source);
    track.onReceiveRtp.subscribe((rtp) => this.receive(source, rtp.serialize()));
  }

  /**
   * With simulcast, werift hands packets that carry no rid extension (Firefox
   * sends it only on a layer's first packets) to a rid-less track: they belong
   * to the layer already seen with that SSRC.
   */
  private routeBySsrc(track: MediaStreamTrack): void {
    track.onReceiveRtp.subscribe((rtp) => {
      const layer = this.sources.find((source) => source.kind === 'video' && source.mediaSsrc === rtp.header.ssrc);
      if (layer) this.receive(layer, rtp.serialize());
    });
  }

  private receive(source: SourceTrack, packet: Buffer): void {
    if (this.closed) return;
    if (this.pulled && !this.firstCopy(source, packet)) return;
    source.pushRtp(packet);
    if (!this.receivedAny) {
      this.receivedAny = true;
      this.events.firstPacket();
    }
  }

  private firstCopy(source: SourceTrack, packet: Buffer): boolean {
    let filter = this.duplicates.get(source);
    if (!filter) this.duplicates.set(source, (filter = new DuplicateFilter()));
    return filter.firstTime(packet.readUInt16BE(2));
  }

  /** The publisher's sender reports go to the source they describe, for viewers' lip sync. */
  private forwardSenderReports(packet: Buffer): void {
    for (const feedback of parseRtcp(packet)) {
      if (feedback.type !== 'sr') continue;
      this.sources.find((source) => source.mediaSsrc === feedback.senderSsrc)?.handleSenderReport(feedback.info);
    }
  }

  private onConnected(): void {
    const dtls = this.pc.dtlsTransports[0];
    if (dtls && !this.remb) {
      this.stopRtcp = onRawRtcp(dtls, (packet) => this.forwardSenderReports(packet));
      this.remb = startRembLoop(new WeriftEgress(dtls), {
        clock: this.clock,
        intervalMs: this.config.relay.rembIntervalMs,
        bitrate: this.config.relay.rembBitrate,
        senderSsrc: 1,
        mediaSsrcs: () => this.sources.flatMap((s) => (s.kind === 'video' && s.mediaSsrc !== undefined ? [s.mediaSsrc] : [])),
      });
    }
    this.events.connected();
  }
}
