/**
 * Keeps a source's latest H.264 SPS and PPS, so a viewer that starts on an
 * IDR slice sent without them (encoders may send them once per session) can
 * be given them first: a decoder cannot use an IDR without its parameter sets.
 */
import { carriesSps, parameterSetsIn, stapA } from './h264.js';

const NAL_SPS = 7;
const NAL_PPS = 8;
const NAL_STAP_A = 24;

export class H264ParameterSets {
  private sps: Buffer | undefined;
  private pps: Buffer | undefined;

  /** Looks at every packet's first byte; only SPS, PPS and STAP-A payloads are read further. */
  observe(payload: Buffer): void {
    const type = (payload[0] ?? 0) & 0x1f;
    if (type !== NAL_SPS && type !== NAL_PPS && type !== NAL_STAP_A) return;
    const found = parameterSetsIn(payload);
    this.sps = found.sps ?? this.sps;
    this.pps = found.pps ?? this.pps;
  }

  /** A STAP-A with the cached SPS and PPS when `keyframeStart` lacks them; undefined otherwise. */
  prefixFor(keyframeStart: Buffer): Buffer | undefined {
    if (!this.sps || !this.pps || carriesSps(keyframeStart)) return undefined;
    return stapA([this.sps, this.pps]);
  }
}
