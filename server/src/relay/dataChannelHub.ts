/**
 * The data channel side of one stream: the publisher's channel fans out to
 * every player's; a player's messages go to the publisher and, by policy, to
 * the other players (Ant Media's dataChannelPlayerDistribution). Messages are
 * passed whole, text as text and binary as binary, so chunking schemes of
 * either end (Ant Media's 16000-byte chunks) survive.
 */
export type DataMessage = string | Buffer;

export interface DataEndpoint {
  send(message: DataMessage): void;
}

/** What a player's channel needs of the hub. */
export interface PlayerDataHub {
  addPlayer(endpoint: DataEndpoint): () => void;
  fromPlayer(source: DataEndpoint, message: DataMessage): void;
}

export type PlayerDistribution = 'all' | 'publisher' | 'none';

export class DataChannelHub implements PlayerDataHub {
  private publisher: DataEndpoint | undefined;
  private readonly players = new Set<DataEndpoint>();
  messagesRelayed = 0;

  constructor(private readonly distribution: PlayerDistribution) {}

  setPublisher(endpoint: DataEndpoint | undefined): void {
    this.publisher = endpoint;
  }

  /** Adds a player's channel; returns its removal. */
  addPlayer(endpoint: DataEndpoint): () => void {
    this.players.add(endpoint);
    return () => void this.players.delete(endpoint);
  }

  get playerCount(): number {
    return this.players.size;
  }

  fromPublisher(message: DataMessage): void {
    for (const player of this.players) this.deliver(player, message);
  }

  fromPlayer(source: DataEndpoint, message: DataMessage): void {
    if (this.distribution === 'none') return;
    if (this.publisher) this.deliver(this.publisher, message);
    if (this.distribution !== 'all') return;
    for (const player of this.players) if (player !== source) this.deliver(player, message);
  }

  private deliver(endpoint: DataEndpoint, message: DataMessage): void {
    this.messagesRelayed++;
    endpoint.send(message);
  }
}
