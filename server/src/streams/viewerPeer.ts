/**
 * The server end of a player's connection: the server offers one sendonly
 * m-line per kind the publisher sends, with Ant Media's track ids
 * (`ARDAMSv<id>`/`ARDAMSa<id>`) in `a=msid` and `idMapping`, and joins the
 * relay once DTLS is up so the first keyframe is not lost to a handshake.
 */
import { RTCPeerConnection, type RTCDataChannel, type RTCRtpTransceiver } from 'werift';
import { TRACK_ID_PREFIX } from 'relayrtc/protocol';
import type { RelayServerConfig } from '../config.js';
import type { PlayerDataHub } from '../relay/dataChannelHub.js';
import type { MediaKind, SourceTrack } from '../relay/sourceTrack.js';
import type { StreamRelay } from '../relay/streamRelay.js';
import type { ViewerLeg } from '../relay/viewerLeg.js';
import { addRemoteCandidate, wireIceEvents, type PeerEvents, type RemoteCandidate } from './peerSignals.js';
import type { PeerDeps } from './peerDeps.js';
import type { LegImpairment, PlayPeer } from './playPeer.js';
import { viewerReport, type ViewerReport } from './statistics.js';
import { bindDataChannel, type DataChannelBinding } from './weriftDataChannel.js';
import { skipImplicitStun, weriftPeerConfig } from './weriftPeerConfig.js';
import { onRawRtcp, WeriftEgress } from './weriftTransport.js';

export interface ViewerPeerEvents extends PeerEvents {
  /** The viewer's video now comes from a layer of this height. */
  layerChanged(height: number): void;
}

export interface ServerOffer {
  sdp: string;
  /** mid → track id, as the official client expects on every server offer. */
  idMapping: Record<string, string>;
}

/** A viewer only adds players to its stream's data hub (a viewer worker hands it a stand-in). */
export type ViewerPeerDeps = Omit<PeerDeps, 'data'> & { data: PlayerDataHub };

const DEFAULT_PAYLOAD_TYPE: Record<MediaKind, number> = { video: 96, audio: 111 };

export class ViewerPeer implements PlayPeer {
  private readonly pc: RTCPeerConnection;
  private readonly transceivers: Array<{ kind: MediaKind; transceiver: RTCRtpTransceiver; pinned?: SourceTrack }> = [];
  private leg: ViewerLeg | undefined;
  /** What toggleVideo / toggleAudio asked, applied to the leg once it exists. */
  private readonly kindsEnabled = new Map<MediaKind, boolean>();
  private stopRtcp: (() => void) | undefined;
  private closed = false;
  private pcClosed: Promise<void> = Promise.resolve();
  private readonly untrack: () => void;

  private readonly relay: StreamRelay;
  private readonly config: RelayServerConfig;
  private readonly dataChannels: DataChannelBinding[] = [];

  constructor(
    streamId: string,
    kinds: MediaKind[],
    deps: ViewerPeerDeps,
    private readonly events: ViewerPeerEvents,
    /** One video m-line per layer, each always sending that layer (an edge pulling the stream, cluster/). */
    pinnedVideo?: readonly SourceTrack[],
  ) {
    ({ relay: this.relay, config: this.config } = deps);
    this.pc = new RTCPeerConnection(weriftPeerConfig(this.config, deps.videoCodec ? [deps.videoCodec] : undefined));
    this.untrack = deps.tracker.track(this.pc);
    wireIceEvents(this.pc, { ...events, connected: () => this.onConnected() });
    if (this.config.dataChannel.enabled) {
      // Ant Media opens the play connection's channel from the server side (label = streamId);
      // the official client's object-form play() opens one of its own too (§9 item 2): relay both.
      this.relayDataChannel(this.pc.createDataChannel(streamId, { ordered: true }), deps.data);
      this.pc.onDataChannel.subscribe((channel) => this.relayDataChannel(channel, deps.data));
    }
    for (const kind of kinds) {
      if (kind === 'video' && pinnedVideo?.length) pinnedVideo.forEach((layer, i) => this.addSender(streamId, kind, `_${i}`, layer));
      else this.addSender(streamId, kind, '');
    }
  }

  private addSender(streamId: string, kind: MediaKind, trackSuffix: string, pinned?: SourceTrack): void {
    const transceiver = this.pc.addTransceiver(kind, { direction: 'sendonly' });
    // a=msid:<streamId> <trackId> is built from these two sender fields.
    transceiver.sender.streamId = streamId;
    // werift types trackId as readonly but keeps it writable; Ant Media clients need this exact id.
    (transceiver.sender as { trackId: string }).trackId = `${TRACK_ID_PREFIX[kind]}${streamId}${trackSuffix}`;
    this.transceivers.push({ kind, transceiver, ...(pinned ? { pinned } : {}) });
  }

  async offer(): Promise<ServerOffer> {
    const offer = await this.pc.createOffer();
    skipImplicitStun(this.pc, this.config);
    await this.pc.setLocalDescription(offer);
    const idMapping: Record<string, string> = {};
    for (const { transceiver } of this.transceivers) {
      if (transceiver.mid !== undefined && transceiver.mid !== null) idMapping[transceiver.mid] = transceiver.sender.trackId;
    }
    return { sdp: this.pc.localDescription?.sdp ?? offer.sdp, idMapping };
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  addRemoteCandidate(candidate: RemoteCandidate): Promise<void> {
    return addRemoteCandidate(this.pc, candidate);
  }

  forceQuality(streamHeight: number): void {
    this.leg?.layerController?.force(streamHeight);
  }

  impair(knob: LegImpairment): void {
    this.leg?.impair(knob);
  }

  setKindEnabled(kind: MediaKind, enabled: boolean): void {
    this.kindsEnabled.set(kind, enabled);
    this.leg?.setKindEnabled(kind, enabled);
  }

  report(): ViewerReport | undefined {
    return this.leg && viewerReport(this.leg);
  }

  /** Settles once werift has closed the connection (a worker reports the close only then). */
  get closedFully(): Promise<void> {
    return this.pcClosed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopRtcp?.();
    for (const binding of this.dataChannels) binding.dispose();
    if (this.leg) this.relay.removeViewer(this.leg);
    this.untrack();
    this.pcClosed = this.pc.close().catch(() => undefined);
  }

  private relayDataChannel(channel: RTCDataChannel, hub: PlayerDataHub): void {
    let removeFromHub: (() => void) | undefined;
    const binding = bindDataChannel(channel, {
      attached: (endpoint) => (removeFromHub ??= hub.addPlayer(endpoint)),
      message: (endpoint, message) => hub.fromPlayer(endpoint, message),
      closed: () => removeFromHub?.(),
    });
    this.dataChannels.push({ endpoint: binding.endpoint, dispose: () => (binding.dispose(), removeFromHub?.()) });
  }

  private onConnected(): void {
    const dtls = this.pc.dtlsTransports[0];
    if (this.closed || this.leg || !dtls) return;
    const egress = new WeriftEgress(dtls);
    this.leg = this.relay.addViewer(
      this.transceivers.map(({ kind, transceiver, pinned }) => ({
        kind,
        ssrc: transceiver.sender.ssrc,
        payloadType: transceiver.sender.codec?.payloadType ?? DEFAULT_PAYLOAD_TYPE[kind],
        egress,
        ...(pinned ? { pinned } : {}),
      })),
      { layerChanged: (layer) => this.events.layerChanged(layer.frameHeight) },
      [...this.kindsEnabled].filter(([, enabled]) => !enabled).map(([kind]) => kind),
    );
    const leg = this.leg;
    this.stopRtcp = onRawRtcp(dtls, (packet) => leg.handleRtcp(packet));
    this.events.connected();
  }
}
