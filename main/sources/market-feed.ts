/**
 * A source of market records, whatever carries them (CSV replay, the Alpaca-compatible server,
 * the real Alpaca API). Records are raw: the ingest side validates them against a contract.
 */
export interface RawBatch {
  /** Deterministic sequence number within the feed: with the feed id it names the batch. */
  seq: number;
  records: Array<Record<string, unknown>>;
}

export interface MarketFeed {
  /** Stable id of the feed and its input, used for exactly-once commit markers. */
  readonly id: string;
  /** Contract the records claim to follow. */
  readonly contract: string;
  /** Total records when known up front (for progress). */
  size(): Promise<number | undefined>;
  batches(batchSize: number): AsyncIterable<RawBatch>;
}
