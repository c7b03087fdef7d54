/**
 * getUserMedia with coded errors: each DOMException name becomes a
 * RelayError code, and a missing mediaDevices says why (secure context).
 */
import { RelayError, type RelayErrorCode } from '../core/errors.js';

const CODE_BY_DOM_ERROR: Record<string, RelayErrorCode> = {
  NotAllowedError: 'MEDIA_PERMISSION_DENIED',
  PermissionDeniedError: 'MEDIA_PERMISSION_DENIED', // Chrome before 64
  SecurityError: 'MEDIA_PERMISSION_DENIED',
  NotFoundError: 'MEDIA_NOT_FOUND',
  DevicesNotFoundError: 'MEDIA_NOT_FOUND',
  NotReadableError: 'MEDIA_NOT_READABLE',
  TrackStartError: 'MEDIA_NOT_READABLE',
  OverconstrainedError: 'MEDIA_OVERCONSTRAINED',
  ConstraintNotSatisfiedError: 'MEDIA_OVERCONSTRAINED',
};

const MESSAGE_BY_CODE: Partial<Record<RelayErrorCode, string>> = {
  MEDIA_PERMISSION_DENIED: 'Camera or microphone access was denied',
  MEDIA_NOT_FOUND: 'No camera or microphone was found',
  MEDIA_NOT_READABLE: 'The camera or microphone is in use or could not be started',
  MEDIA_OVERCONSTRAINED: 'No camera or microphone satisfies the requested constraints',
};

export function mediaError(error: unknown): RelayError {
  if (error instanceof RelayError) return error;
  const name = error !== null && typeof error === 'object' && 'name' in error ? String(error.name) : '';
  const code = CODE_BY_DOM_ERROR[name] ?? 'MEDIA_FAILED';
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  return new RelayError(code, `${MESSAGE_BY_CODE[code] ?? 'Could not capture media'}${detail}`, { cause: error });
}

/** navigator.mediaDevices, or a RelayError saying why it is missing (most often: not a secure context). */
export function mediaDevices(): MediaDevices {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  const devices = nav?.mediaDevices;
  if (devices && typeof devices.getUserMedia === 'function') return devices;
  if ((globalThis as { isSecureContext?: boolean }).isSecureContext === false) {
    throw new RelayError(
      'MEDIA_INSECURE_CONTEXT',
      'Camera and microphone need a secure context: serve the page over https (http is allowed only on localhost and 127.0.0.1)',
    );
  }
  throw new RelayError('MEDIA_UNSUPPORTED', 'This browser cannot capture camera or microphone (no mediaDevices.getUserMedia)');
}

/** Like navigator.mediaDevices.getUserMedia, but rejects with a RelayError whose code says what went wrong. */
export async function getUserMedia(constraints: MediaStreamConstraints = { audio: true, video: true }): Promise<MediaStream> {
  const devices = mediaDevices();
  try {
    return await devices.getUserMedia(constraints);
  } catch (error) {
    throw mediaError(error);
  }
}
