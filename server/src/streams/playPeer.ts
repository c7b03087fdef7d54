/**
 * The server end of one play, as a play session drives it: the same whether
 * the viewer's peer runs on this thread (ViewerPeer) or in a viewer worker
 * (workers/remoteViewerPeer.ts).
 */
import type { MediaKind } from '../relay/sourceTrack.js';
import type { RemoteCandidate } from './peerSignals.js';
import type { ViewerReport } from './statistics.js';
import type { ServerOffer } from './viewerPeer.js';

export interface LegImpairment {
  dropEveryNthVideoPacket?: number;
  bandwidthCap?: number;
}

export interface PlayPeer {
  offer(): Promise<ServerOffer>;
  acceptAnswer(answerSdp: string): Promise<void>;
  addRemoteCandidate(candidate: RemoteCandidate): Promise<void>;
  /** Pins the layer of that height (0 = automatic); the caller has checked such a layer is live. */
  forceQuality(streamHeight: number): void;
  /** Stops or resumes sending the viewer its `kind` track (toggleVideo / toggleAudio). */
  setKindEnabled(kind: MediaKind, enabled: boolean): void;
  /** Test impairments of the viewer's leg (relayTestKnob). */
  impair(knob: LegImpairment): void;
  /** The viewer's figures once connected (undefined before). */
  report(): ViewerReport | undefined;
  close(): void;
}
