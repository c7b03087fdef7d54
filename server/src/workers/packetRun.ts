/**
 * Packets back to back in one buffer that can be transferred to another
 * thread (no copy on the way), with their lengths to cut them apart again.
 */

export interface PacketRun {
  lengths: number[];
  bytes: ArrayBuffer;
}

export function packPackets(packets: readonly Buffer[]): PacketRun {
  const lengths = packets.map((packet) => packet.length);
  const bytes = new ArrayBuffer(lengths.reduce((sum, length) => sum + length, 0));
  const view = new Uint8Array(bytes);
  let offset = 0;
  for (const packet of packets) {
    view.set(packet, offset);
    offset += packet.length;
  }
  return { lengths, bytes };
}

/** The packets of `run`, each a view of its buffer. */
export function unpackPackets(run: PacketRun): Buffer[] {
  let offset = 0;
  return run.lengths.map((length) => {
    const packet = Buffer.from(run.bytes, offset, length);
    offset += length;
    return packet;
  });
}
