/**
 * Commits spool segments to the bronze tables through the lake contract, each table with the
 * txn marker (appId, version = segment sequence): a segment committed twice adds nothing.
 */
import type { Duck } from '../../duck/duck';
import { sqlString } from '../../duck/duck';
import type { CommitResult, DeltaTable, Lake, WriteOptions } from '../../lake/types';
import type { CsvTable } from './batch-builder';
import { BRONZE_TABLES, type BronzeKey } from './bronze-tables';
import type { SegmentManifest, Spool } from './spool';

/*
 * Timestamps are produced as TIMESTAMPTZ directly: a naive TIMESTAMP gets wrapped in
 * timezone('UTC', ...) by the lake writer, which cost ~170 ns per value (a quarter of the commit
 * query). to_timestamp(seconds) rounds to the microsecond, exact for epochs below ~4e9 s.
 */
const TS = 'to_timestamp((ts_ns // 1000) / 1e6) AS ts, ts_ns';
const RECEIVED = 'to_timestamp(received_ms / 1e3) AS received_at';

/** CSV column layouts written by BatchBuilder, and the SELECT mapping them to bronze columns. */
const LAYOUT: Record<CsvTable, { columns: string; select: string }> = {
  quotes: {
    columns: `{'symbol':'VARCHAR','bid_exchange':'VARCHAR','bid_price':'DOUBLE','bid_size':'BIGINT','ask_exchange':'VARCHAR','ask_price':'DOUBLE','ask_size':'BIGINT','conditions':'VARCHAR','tape':'VARCHAR','ts_ns':'BIGINT','received_ms':'BIGINT','source':'VARCHAR'}`,
    select: `symbol, bid_exchange, bid_price, bid_size, ask_exchange, ask_price, ask_size, conditions, tape, ${TS}, source, ${RECEIVED}`,
  },
  bars: {
    columns: `{'symbol':'VARCHAR','timeframe':'VARCHAR','bar_type':'VARCHAR','open':'DOUBLE','high':'DOUBLE','low':'DOUBLE','close':'DOUBLE','volume':'BIGINT','trade_count':'BIGINT','vwap':'DOUBLE','ts_ns':'BIGINT','received_ms':'BIGINT','source':'VARCHAR'}`,
    select: `symbol, timeframe, bar_type, open, high, low, close, volume, trade_count, vwap, ${TS}, source, ${RECEIVED}`,
  },
  events: {
    columns: `{'event_type':'VARCHAR','symbol':'VARCHAR','payload':'VARCHAR','ts_ns':'BIGINT','received_ms':'BIGINT','source':'VARCHAR'}`,
    select: `event_type, NULLIF(symbol, '') AS symbol, payload, ${TS}, source, ${RECEIVED}`,
  },
  quarantine: {
    columns: `{'source':'VARCHAR','contract':'VARCHAR','reason':'VARCHAR','raw':'VARCHAR','received_ms':'BIGINT'}`,
    select: `source, contract, reason, raw, ${RECEIVED}`,
  },
};

export function selectFromCsv(table: CsvTable, file: string, batchId: string): string {
  const l = LAYOUT[table];
  return `SELECT ${l.select}, ${sqlString(batchId)} AS batch_id FROM read_csv(${sqlString(file)}, columns=${l.columns}, header=false, auto_detect=false, delim=',', quote='"', escape='"', nullstr='', parallel=true)`;
}

export class BronzeWriter {
  private constructor(
    private readonly tables: Record<BronzeKey, DeltaTable>,
    private readonly duck: Duck,
    readonly appId: string,
  ) {}

  static async open(lake: Lake, duck: Duck, appId: string): Promise<BronzeWriter> {
    const entries = await Promise.all((Object.keys(BRONZE_TABLES) as BronzeKey[]).map(async (k) => [k, await lake.ensureTable(BRONZE_TABLES[k])] as const));
    return new BronzeWriter(Object.fromEntries(entries) as Record<BronzeKey, DeltaTable>, duck, appId);
  }

  /** Highest segment sequence committed to any bronze table by this appId. */
  async committedSeq(): Promise<number> {
    let max = 0;
    for (const t of Object.values(this.tables)) max = Math.max(max, (await t.snapshot()).appTxns[this.appId] ?? 0);
    return max;
  }

  /** Commits one segment; returns rows added (0 for tables already holding this version). */
  async commit(spool: Spool, m: SegmentManifest): Promise<number> {
    let added = 0;
    for (const table of m.tables) {
      const res = await appendBatchFile(this.tables[table], table, spool.file(m.seq, table), m.batchId, this.duck, {
        txn: { appId: this.appId, version: m.seq },
        info: { source: 'alpaca', batch_id: m.batchId },
      });
      added += res.addedRows;
    }
    return added;
  }
}

/** Appends one table's batch file (batchFile's format: Parquet for trades, CSV otherwise). */
export function appendBatchFile(target: DeltaTable, table: BronzeKey, file: string, batchId: string, duck: Duck, options: WriteOptions): Promise<CommitResult> {
  return table === 'trades' ? target.appendFiles([file], duck, options) : target.append({ duck, sql: selectFromCsv(table, file, batchId) }, options);
}
