/**
 * Shows a remote stream in a <video>/<audio> element. Browsers refuse
 * unmuted autoplay without a user gesture; then we mute and try again,
 * because a muted picture beats a black one.
 */

/** The part of HTMLMediaElement we use. */
export interface MediaElementLike {
  srcObject: MediaProvider | null;
  muted: boolean;
  play(): Promise<void> | undefined;
}

export type AttachResult = 'playing' | 'playing-muted' | 'blocked';

export async function attachStream(element: MediaElementLike, stream: MediaStream): Promise<AttachResult> {
  if (element.srcObject !== stream) element.srcObject = stream;
  try {
    // Older browsers return undefined from play().
    await element.play();
    return 'playing';
  } catch (error) {
    if (!isAutoplayRefusal(error) || element.muted) return 'blocked';
  }
  element.muted = true;
  try {
    await element.play();
    return 'playing-muted';
  } catch {
    return 'blocked';
  }
}

function isAutoplayRefusal(error: unknown): boolean {
  return error !== null && typeof error === 'object' && 'name' in error && error.name === 'NotAllowedError';
}
