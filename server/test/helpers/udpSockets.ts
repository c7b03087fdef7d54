/** Counts this process's open UDP sockets, to prove peers release their ports. */
import { Socket } from 'node:dgram';

export function openUdpSocketCount(): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle) => handle instanceof Socket).length;
}
