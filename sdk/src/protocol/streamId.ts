/** Ant Media's StreamIdValidator: letters, digits, `_`, `.` and `-` only. */
const STREAM_ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** True for an id the server accepts (check a form field before publishing). */
export function isValidStreamId(streamId: string): boolean {
  return STREAM_ID_PATTERN.test(streamId);
}
