/** Keyframe detection per video codec, keyed by lower-case MIME type. */
import { isVp8KeyframeStart } from './vp8.js';

export type KeyframeDetector = (payload: Buffer) => boolean;

const detectors: Record<string, KeyframeDetector> = {
  'video/vp8': isVp8KeyframeStart,
};

export function keyframeDetectorFor(mimeType: string): KeyframeDetector | undefined {
  return detectors[mimeType.toLowerCase()];
}
