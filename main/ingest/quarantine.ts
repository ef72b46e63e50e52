import type { Duck } from '../duck/duck';
import { loadRows } from '../duck/bulk-load';
import type { CommitResult, Lake, TableSpec, TxnMarker } from '../lake/types';

/**
 * bronze.quarantine: every record any source refused, with the reason and the raw payload,
 * so nothing is silently dropped. Shared by all sources.
 */
export const QUARANTINE_TABLE: TableSpec = {
  layer: 'bronze',
  name: 'quarantine',
  description: 'Records refused by a contract, with the reason and the raw payload',
  columns: [
    { name: 'source', type: 'string', nullable: false, description: 'feed or client that received the record' },
    { name: 'contract', type: 'string', nullable: false, description: 'contract name and version the record failed' },
    { name: 'reason', type: 'string', nullable: false, description: 'why it was refused, naming the fields' },
    { name: 'raw', type: 'string', nullable: false, description: 'the record as received (JSON text)' },
    { name: 'received_at', type: 'timestamp', nullable: false },
    { name: 'batch_id', type: 'string', nullable: false },
  ],
};

export interface QuarantineRecord {
  source: string;
  contract: string;
  reason: string;
  /** Raw payload; objects are stored as JSON text, strings as they came. */
  raw: unknown;
  receivedAt: Date;
  batchId: string;
}

/** Appends refused records in one commit (exactly once per txn marker). */
export async function writeQuarantine(
  lake: Lake,
  duck: Duck,
  records: readonly QuarantineRecord[],
  txn?: TxnMarker,
): Promise<CommitResult | undefined> {
  if (records.length === 0) return undefined;
  const table = await lake.ensureTable(QUARANTINE_TABLE);
  const temp = await loadRows(
    duck,
    'quarantine_batch',
    [
      { name: 'source', type: 'VARCHAR' },
      { name: 'contract', type: 'VARCHAR' },
      { name: 'reason', type: 'VARCHAR' },
      { name: 'raw', type: 'VARCHAR' },
      { name: 'received_at', type: 'VARCHAR' },
      { name: 'batch_id', type: 'VARCHAR' },
    ],
    records.map((r) => ({
      source: r.source,
      contract: r.contract,
      reason: r.reason,
      raw: typeof r.raw === 'string' ? r.raw : JSON.stringify(r.raw),
      received_at: r.receivedAt.toISOString(),
      batch_id: r.batchId,
    })),
  );
  const result = await table.append(
    { duck, sql: `SELECT source, contract, reason, raw, CAST(received_at AS TIMESTAMP) AS received_at, batch_id FROM ${temp}` },
    txn ? { txn } : {},
  );
  await duck.run(`DROP TABLE IF EXISTS ${temp}`);
  return result;
}
