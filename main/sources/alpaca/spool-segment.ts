/**
 * Writing one spool segment: a file per bronze table (Parquet for trades, CSV for the rest),
 * each fsync'd, then the manifest (temp + fsync + rename + directory fsync), so a segment either
 * exists completely or not at all. Runs on the spool worker thread, or inline.
 *
 * Synchronous on purpose: a segment is a few MB and fsync takes milliseconds, while async fs
 * calls queue behind DuckDB's work on the libuv thread pool and stretched each spool write to
 * hundreds of milliseconds under load.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { BronzeKey } from './bronze-tables';
import { TradeColumns, type TradeColumnParts } from './trade-columns';

export interface SegmentManifest {
  seq: number;
  batchId: string;
  tables: BronzeKey[];
  rows: number;
  maxTradeTs?: string;
  createdAt: number;
}

/** A batch as it travels to the writer: trade columns and the CSV text of the other tables. */
export interface SegmentPayload {
  trades?: TradeColumnParts;
  csv: Partial<Record<Exclude<BronzeKey, 'trades'>, Uint8Array>>;
  rows: number;
  maxTradeTs?: string;
}

/**
 * The keys of BRONZE_TABLES, listed here because importing the table specs would load DuckDB
 * (through the shared quarantine module) into the spool worker.
 */
const SEGMENT_TABLES: readonly BronzeKey[] = ['trades', 'quotes', 'bars', 'events', 'quarantine'];

const segmentName = (seq: number): string => String(seq).padStart(12, '0');

export function segmentFile(dir: string, seq: number, table: BronzeKey): string {
  return path.join(dir, `${segmentName(seq)}.${table}.${table === 'trades' ? 'parquet' : 'csv'}`);
}

export function manifestFile(dir: string, seq: number): string {
  return path.join(dir, `${segmentName(seq)}.json`);
}

export function writeDurable(file: string, data: string | Uint8Array): void {
  const fd = openSync(file, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeSegment(dir: string, seq: number, batchId: string, payload: SegmentPayload): SegmentManifest {
  const tables: BronzeKey[] = [];
  for (const table of SEGMENT_TABLES) {
    const bytes = table === 'trades' ? (payload.trades && payload.trades.rows > 0 ? TradeColumns.fromParts(payload.trades).toParquet(batchId) : undefined) : payload.csv[table];
    if (!bytes || bytes.length === 0) continue;
    writeDurable(segmentFile(dir, seq, table), bytes);
    tables.push(table);
  }
  const manifest: SegmentManifest = { seq, batchId, tables, rows: payload.rows, maxTradeTs: payload.maxTradeTs, createdAt: Date.now() };
  const tmp = `${manifestFile(dir, seq)}.tmp`;
  writeDurable(tmp, JSON.stringify(manifest));
  renameSync(tmp, manifestFile(dir, seq));
  syncDir(dir);
  return manifest;
}
