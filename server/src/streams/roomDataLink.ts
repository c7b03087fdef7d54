/**
 * A room player's data channel in the room (antmedia-protocol.md §4.5): it
 * hears every other participant's messages (this channel joins each other
 * participant's DataChannelHub as a player, so a participant's publish
 * channel reaches all room players as it reaches its own), and what it sends
 * goes out as its own participant's message to everyone else. Server events
 * (TRACK_LIST_UPDATED, …) go to this player only.
 */
import type { DataEndpoint, DataMessage } from '../relay/dataChannelHub.js';
import type { LiveStream } from './liveStream.js';

export class RoomDataLink {
  private readonly endpoints = new Set<DataEndpoint>();
  /** Per other participant, per endpoint: its removal from that participant's hub. */
  private readonly memberships = new Map<LiveStream, Map<DataEndpoint, () => void>>();

  constructor(
    /** The player's own participant stream (userPublishId), if it publishes in the room. */
    private readonly own: () => LiveStream | undefined,
  ) {}

  get endpointCount(): number {
    return this.endpoints.size;
  }

  addEndpoint(endpoint: DataEndpoint, participants: LiveStream[]): void {
    this.endpoints.add(endpoint);
    for (const participant of participants) this.join(participant, endpoint);
  }

  removeEndpoint(endpoint: DataEndpoint): void {
    if (!this.endpoints.delete(endpoint)) return;
    for (const hubs of this.memberships.values()) {
      hubs.get(endpoint)?.();
      hubs.delete(endpoint);
    }
  }

  /** Another participant became visible: hear it. */
  participantJoined(participant: LiveStream): void {
    for (const endpoint of this.endpoints) this.join(participant, endpoint);
  }

  participantLeft(participant: LiveStream): void {
    for (const remove of this.memberships.get(participant)?.values() ?? []) remove();
    this.memberships.delete(participant);
  }

  /** A message this player sent: relayed as its participant's own (a viewer-only player's messages go nowhere). */
  fromPlayer(message: DataMessage): void {
    this.own()?.data.fromPublisher(message);
  }

  /** A server event for this player only. */
  send(text: string): void {
    for (const endpoint of this.endpoints) endpoint.send(text);
  }

  close(): void {
    for (const endpoint of [...this.endpoints]) this.removeEndpoint(endpoint);
    this.memberships.clear();
  }

  private join(participant: LiveStream, endpoint: DataEndpoint): void {
    const hubs = this.memberships.get(participant) ?? new Map<DataEndpoint, () => void>();
    this.memberships.set(participant, hubs);
    if (!hubs.has(endpoint)) hubs.set(endpoint, participant.data.addPlayer(endpoint));
  }
}
