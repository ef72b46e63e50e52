/**
 * Resumable REST backfill into bronze. The unit of work is one symbol and one trading day (for
 * 1Day/1Week/1Month bars: one symbol over the whole range). Each unit commits with its own txn
 * marker (appId = alpaca-backfill:<what>:<timeframe>:<feed>:<symbol>:<day>, version = day number;
 * calendar-bar units: appId without the day, version = the range's last day), so the delta log
 * itself is the checkpoint: a killed backfill skips every day already committed and a re-run adds
 * nothing. A marker per day (not a per-symbol high-water mark) lets days commit in any order:
 * an earlier range backfilled after a later one, or days of one symbol in concurrent runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseTimeframe, formatTimeframe, addDays } from '../../../pipelines/market/index';
import { openDuck } from '../../duck/duck';
import { UsageError } from '../../engine/errors';
import type { DeltaTable, Lake } from '../../lake/types';
import { BatchBuilder, emptyBuilderStats, type BuilderStats } from './batch-builder';
import { Spool } from './spool';
import { BRONZE_TABLES, type BronzeKey } from './bronze-tables';
import { appendBatchFile } from './bronze-writer';
import { Dedup } from './dedup';
import { AlpacaRestClient } from './rest-client';

export type BackfillWhat = 'bars' | 'trades' | 'quotes';

export interface BackfillProgress {
  done: number;
  total: number;
  skipped: number;
  symbol: string;
  day: string;
  rows: number;
}

export interface BackfillOptions {
  restUrl?: string;
  key: string;
  secret: string;
  lake: Lake;
  symbols: string[];
  /** YYYY-MM-DD, inclusive. */
  start: string;
  end: string;
  what: BackfillWhat;
  timeframe?: string;
  feed?: string;
  adjustment?: string;
  concurrency?: number;
  onProgress?(p: BackfillProgress): void;
  signal?: AbortSignal;
  /** Retries of one request inside the client (default 5); the runtime sets 0 and retries partitions itself. */
  maxRetries?: number;
  /** Awaited before every request (the runtime's shared request budget). */
  beforeRequest?: () => Promise<void>;
}

export interface BackfillResult extends BuilderStats {
  units: number;
  skippedUnits: number;
  committedRows: number;
  requests: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function weekdays(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) out.push(d);
  }
  return out;
}

const dayNumber = (d: string): number => Math.floor(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/**
 * The checkpoint of one (symbol, day) unit: the txn appId of its table and the version (day
 * number) that marks the day committed. Exported so a caller can tell what bronze already holds
 * without fetching (the runtime's dry runs). Calendar-bar units span the range; `day` is its end.
 */
export function backfillCheckpoint(what: BackfillWhat, symbol: string, day: string, options: { timeframe?: string; feed?: string } = {}): { appId: string; version: number } {
  const tf = what === 'bars' ? parseTimeframe(options.timeframe ?? '1Min') : undefined;
  const timeframe = tf ? formatTimeframe(tf) : '';
  const calendar = tf !== undefined && !('seconds' in tf);
  const base = `alpaca-backfill:${what}:${timeframe || 'tick'}:${options.feed ?? 'default'}:${symbol}`;
  return { appId: calendar ? base : `${base}:${day}`, version: dayNumber(day) };
}

export async function backfillAlpaca(o: BackfillOptions): Promise<BackfillResult> {
  if (!DATE.test(o.start) || !DATE.test(o.end)) throw new UsageError('--start and --end must be dates (YYYY-MM-DD)');
  if (o.start > o.end) throw new UsageError(`--start ${o.start} is after --end ${o.end}`);
  const tf = o.what === 'bars' ? parseTimeframe(o.timeframe ?? '1Min') : undefined;
  if (o.what === 'bars' && !tf) throw new UsageError(`invalid --timeframe ${o.timeframe}`, 'use 1Min..59Min, 1Hour..23Hour, 1Day, 1Week, 1Month (also 2,3,4,6,12Month)');
  const timeframe = tf ? formatTimeframe(tf) : '';
  const calendar = tf !== undefined && !('seconds' in tf);
  const table: BronzeKey = o.what;
  const target = await o.lake.ensureTable(BRONZE_TABLES[table]);
  const quarantine = await o.lake.ensureTable(BRONZE_TABLES.quarantine);
  const rest = new AlpacaRestClient({
    baseUrl: o.restUrl,
    key: o.key,
    secret: o.secret,
    ...(o.maxRetries !== undefined ? { maxRetries: o.maxRetries } : {}),
    ...(o.beforeRequest ? { beforeRequest: o.beforeRequest } : {}),
  });
  const duck = await openDuck({ threads: 2 });
  const scratch = await mkdtemp(path.join(tmpdir(), 'fde-backfill-'));
  const stats: BackfillResult = { ...emptyBuilderStats(), units: 0, skippedUnits: 0, committedRows: 0, requests: 0 };
  const days = weekdays(o.start, o.end);
  const units = o.symbols.flatMap((symbol) => (calendar ? [{ symbol, day: o.end, from: o.start }] : days.map((day) => ({ symbol, day, from: day }))));
  const checkpointOf = (symbol: string, day: string) =>
    backfillCheckpoint(o.what, symbol, day, { ...(o.timeframe ? { timeframe: o.timeframe } : {}), ...(o.feed ? { feed: o.feed } : {}) });
  const snapshot = await target.snapshot();
  let done = 0;
  try {
    // Symbols run concurrently; days of one symbol run in order (txn versions must increase).
    const bySymbol = new Map<string, typeof units>();
    for (const u of units) bySymbol.set(u.symbol, [...(bySymbol.get(u.symbol) ?? []), u]);
    const queue = [...bySymbol.values()];
    const worker = async (): Promise<void> => {
      for (let list = queue.shift(); list; list = queue.shift()) {
        for (const u of list) {
          if (o.signal?.aborted) return;
          const { appId, version } = checkpointOf(u.symbol, u.day);
          let rows = 0;
          if ((snapshot.appTxns[appId] ?? -1) >= version) stats.skippedUnits++;
          else rows = await runUnit(u.symbol, u.from, u.day, appId, version);
          stats.units++;
          o.onProgress?.({ done: ++done, total: units.length, skipped: stats.skippedUnits, symbol: u.symbol, day: u.day, rows });
        }
      }
    };
    const runUnit = async (symbol: string, from: string, day: string, appId: string, version: number): Promise<number> => {
      const builder = new BatchBuilder(new Dedup(), stats, timeframe || '1Min');
      const now = Date.now();
      const T = o.what === 'trades' ? 't' : o.what === 'quotes' ? 'q' : 'rest-bar';
      for await (const page of rest.pages({ kind: o.what, symbols: [symbol], start: from, end: day, timeframe: timeframe || undefined, feed: o.feed, adjustment: o.adjustment })) {
        for (const [S, list] of page) for (const row of list) builder.add({ T, S, ...row }, now, 'backfill');
      }
      const batchId = `${appId}:${version}`;
      const spool = await Spool.open(path.join(scratch, `${symbol.replace(/\W/g, '_')}-${day}`));
      const m = await spool.write(version, batchId, builder.take());
      let added = 0;
      for (const key of m.tables) {
        const dest: DeltaTable = key === 'quarantine' ? quarantine : target;
        // Quarantine rows carry their own marker so a retry after a crash adds them once too.
        const res = await appendBatchFile(dest, key, spool.file(version, key), batchId, duck, { txn: { appId, version }, info: { source: 'alpaca-backfill', batch_id: batchId } });
        added += res.addedRows;
      }
      await spool.remove(m);
      stats.committedRows += added;
      return added;
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, worker));
  } finally {
    duck.close();
    await rm(scratch, { recursive: true, force: true });
  }
  stats.requests = rest.requests;
  return stats;
}
