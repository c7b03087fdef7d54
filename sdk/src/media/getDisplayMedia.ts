/** Screen capture with coded errors. */
import { RelayError } from '../core/errors.js';
import { mediaDevices } from './getUserMedia.js';

export async function getDisplayMedia(constraints: MediaStreamConstraints = { video: true }): Promise<MediaStream> {
  const devices = mediaDevices();
  if (typeof devices.getDisplayMedia !== 'function') {
    throw new RelayError('SCREEN_SHARE_UNSUPPORTED', 'This browser cannot share the screen (no mediaDevices.getDisplayMedia)');
  }
  try {
    return await devices.getDisplayMedia(constraints);
  } catch (error) {
    const name = error !== null && typeof error === 'object' && 'name' in error ? String(error.name) : '';
    // InvalidStateError: not started from a user gesture, which browsers require (Firefox says so this way).
    const gesture = name === 'InvalidStateError';
    const denied = gesture || name === 'NotAllowedError' || name === 'SecurityError' || name === 'AbortError';
    throw new RelayError(
      denied ? 'SCREEN_SHARE_DENIED' : 'SCREEN_SHARE_UNSUPPORTED',
      gesture
        ? 'Screen sharing must start from a user gesture (a click)'
        : denied
          ? 'Screen sharing was refused or cancelled'
          : `Could not share the screen${error instanceof Error ? `: ${error.message}` : ''}`,
      { cause: error },
    );
  }
}
