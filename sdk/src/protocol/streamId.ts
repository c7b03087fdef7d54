/** Ant Media's StreamIdValidator: letters, digits, `_`, `.` and `-` only. */
const STREAM_ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

export function isValidStreamId(streamId: string): boolean {
  return STREAM_ID_PATTERN.test(streamId);
}
