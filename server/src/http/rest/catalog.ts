/**
 * Broadcasts created over REST (`POST /broadcasts/create`) before anyone
 * publishes them, per app, in memory (single node). A publish of that id
 * takes the record's name; the record outlives the stream, as Ant Media's
 * datastore entries do, until it is deleted.
 */
export interface BroadcastRecord {
  app: string;
  streamId: string;
  name: string;
  /** Creation time, ms since the epoch (Ant Media's `date`). */
  date: number;
  /** Whether a publish of this id has gone live since creation. */
  wentLive: boolean;
}

/** Records per app at most, so an API client cannot fill memory. */
const MAX_RECORDS_PER_APP = 10_000;

export class BroadcastCatalog {
  private readonly byApp = new Map<string, Map<string, BroadcastRecord>>();

  get(app: string, streamId: string): BroadcastRecord | undefined {
    return this.byApp.get(app)?.get(streamId);
  }

  list(app: string): BroadcastRecord[] {
    return [...(this.byApp.get(app)?.values() ?? [])];
  }

  /** Adds a record; false when the app already holds the maximum. */
  add(record: BroadcastRecord): boolean {
    const records = this.byApp.get(record.app) ?? new Map<string, BroadcastRecord>();
    if (records.size >= MAX_RECORDS_PER_APP) return false;
    records.set(record.streamId, record);
    this.byApp.set(record.app, records);
    return true;
  }

  remove(app: string, streamId: string): boolean {
    return this.byApp.get(app)?.delete(streamId) ?? false;
  }

  /** A stream of that id went live (any app's record of it). */
  markLive(streamId: string): void {
    for (const records of this.byApp.values()) {
      const record = records.get(streamId);
      if (record) record.wentLive = true;
    }
  }
}
