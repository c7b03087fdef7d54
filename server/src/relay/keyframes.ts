/** Keyframe detection per video codec, keyed by lower-case MIME type. */
import { isH264KeyframeStart, readH264KeyframeSize } from './h264.js';
import { isVp8KeyframeStart, readVp8KeyframeSize, type FrameSize } from './vp8.js';

export type KeyframeDetector = (payload: Buffer) => boolean;

const detectors: Record<string, KeyframeDetector> = {
  'video/vp8': isVp8KeyframeStart,
  'video/h264': isH264KeyframeStart,
};

export function keyframeDetectorFor(mimeType: string): KeyframeDetector | undefined {
  return detectors[mimeType.toLowerCase()];
}

export type FrameSizeReader = (payload: Buffer) => FrameSize | undefined;

const sizeReaders: Record<string, FrameSizeReader> = {
  'video/vp8': readVp8KeyframeSize,
  'video/h264': readH264KeyframeSize,
};

/** Reads the frame size a keyframe's first packet announces, where the codec carries it there. */
export function frameSizeReaderFor(mimeType: string): FrameSizeReader | undefined {
  return sizeReaders[mimeType.toLowerCase()];
}
