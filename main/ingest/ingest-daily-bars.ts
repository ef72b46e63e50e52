import { sqlString, type Duck } from '../duck/duck';
import { loadRows } from '../duck/bulk-load';
import type { Lake, TableSpec } from '../lake/types';
import type { MarketFeed } from '../sources/market-feed';
import { DailyBarV1, contractReason, type DailyBarV1 as DailyBar } from '../../pipelines/contracts/market/daily-bar';
import { QUARANTINE_TABLE, writeQuarantine, type QuarantineRecord } from './quarantine';

export const BRONZE_DAILY_BARS: TableSpec = {
  layer: 'bronze',
  name: 'market_daily_bars',
  description: 'Daily OHLCV bars as received from daily feeds (append-only; silver deduplicates)',
  columns: [
    { name: 'symbol', type: 'string', nullable: false },
    { name: 'date', type: 'date', nullable: false },
    { name: 'open', type: 'double', description: 'null for close-only series' },
    { name: 'high', type: 'double' },
    { name: 'low', type: 'double' },
    { name: 'close', type: 'double', nullable: false },
    { name: 'volume', type: 'long' },
    { name: 'source', type: 'string', nullable: false },
    { name: 'batch_id', type: 'string', nullable: false },
    { name: 'ingested_at', type: 'timestamp', nullable: false },
  ],
};

export interface IngestStats {
  batches: number;
  accepted: number;
  quarantined: number;
  /** Batches skipped because their txn marker showed they were already committed. */
  alreadyCommitted: number;
}

/**
 * Validates every record of a daily-bar feed against its contract and commits each batch to
 * bronze exactly once (txn appId = feed id, version = batch seq), refused records to quarantine.
 * Zod's per-record cost is fine here (thousands of rows); the streaming hot path uses compiled
 * validators instead.
 */
export async function ingestDailyBars(
  lake: Lake,
  duck: Duck,
  feed: MarketFeed,
  options: { batchSize?: number; onBatch?: (done: number, stats: IngestStats) => void } = {},
): Promise<IngestStats> {
  const table = await lake.ensureTable(BRONZE_DAILY_BARS);
  // Visible even while empty, so users know where refused records would be.
  await lake.ensureTable(QUARANTINE_TABLE);
  const already = (await table.snapshot()).appTxns[feed.id] ?? -1;
  const stats: IngestStats = { batches: 0, accepted: 0, quarantined: 0, alreadyCommitted: 0 };
  let done = 0;
  for await (const batch of feed.batches(options.batchSize ?? 10_000)) {
    stats.batches++;
    done += batch.records.length;
    if (batch.seq <= already) {
      stats.alreadyCommitted++;
      options.onBatch?.(done, stats);
      continue;
    }
    const batchId = `${feed.id}#${batch.seq}`;
    const receivedAt = new Date();
    const valid: DailyBar[] = [];
    const refused: QuarantineRecord[] = [];
    for (const record of batch.records) {
      const parsed = DailyBarV1.safeParse(record);
      if (parsed.success) valid.push(parsed.data);
      else refused.push({ source: feed.id, contract: feed.contract, reason: contractReason(parsed.error), raw: record, receivedAt, batchId });
    }
    // Quarantine first: if we crash between the two commits, the rerun re-derives the same
    // refused rows under the same marker, and bronze's marker decides the batch.
    await writeQuarantine(lake, duck, refused, { appId: `${feed.id}:quarantine`, version: batch.seq });
    const temp = await loadRows(
      duck,
      'daily_bars_batch',
      [
        { name: 'symbol', type: 'VARCHAR' },
        { name: 'date', type: 'VARCHAR' },
        { name: 'open', type: 'DOUBLE' },
        { name: 'high', type: 'DOUBLE' },
        { name: 'low', type: 'DOUBLE' },
        { name: 'close', type: 'DOUBLE' },
        { name: 'volume', type: 'BIGINT' },
        { name: 'source', type: 'VARCHAR' },
      ],
      valid,
    );
    const result = await table.append(
      {
        duck,
        sql: `SELECT symbol, CAST(date AS DATE) AS date, open, high, low, close, volume, source,
                     ${sqlString(batchId)} AS batch_id, CAST(${sqlString(receivedAt.toISOString())} AS TIMESTAMP) AS ingested_at
              FROM ${temp}`,
      },
      { txn: { appId: feed.id, version: batch.seq }, info: { source: feed.id, contract: feed.contract } },
    );
    if (result.committed) {
      stats.accepted += valid.length;
      stats.quarantined += refused.length;
    } else {
      stats.alreadyCommitted++;
    }
    options.onBatch?.(done, stats);
  }
  await duck.run('DROP TABLE IF EXISTS daily_bars_batch');
  return stats;
}
