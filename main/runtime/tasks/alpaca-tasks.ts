/**
 * Alpaca tasks: one trading day of trades, quotes or 1-minute bars for the partition's symbols
 * (the engine's per symbol-day txn markers make a retry or re-run skip what bronze has), and the
 * supervised live stream.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SYMBOLS } from '../../../pipelines/jobs/assets';
import { backfillAlpaca, type BackfillWhat } from '../../sources/alpaca/backfill';
import { startStreamIngest } from '../../sources/alpaca/stream-ingest';
import { streamMonitor } from '../../operations/stream-monitor';
import { runtimeMetrics } from '../../observability/telemetry/metrics';
import type { TaskContext, TaskImplementation, TaskResult } from '../task-api';
import { partitionDate, partitionSymbols, producedVersions, requestGate, tableVersions, throwIfCancelled } from './support';

function backfillTask(what: BackfillWhat): TaskImplementation {
  return async (ctx: TaskContext): Promise<TaskResult> => {
    const day = partitionDate(ctx);
    const symbols = partitionSymbols(ctx);
    const ep = await ctx.sources.alpaca(ctx.signal);
    const before = await tableVersions(ctx.lake);
    let rows = 0;
    ctx.log.info(`alpaca ${what} for ${day}`, { symbols, offline: ep.offline });
    const result = await backfillAlpaca({
      restUrl: ep.restUrl,
      key: ep.keyId,
      secret: ep.secretKey,
      lake: ctx.lake,
      symbols,
      start: day,
      end: day,
      what,
      ...(what === 'bars' ? { timeframe: '1Min' } : {}),
      // The engine checks the signal between (symbol, day) units, so a cancel never cuts a commit.
      signal: ctx.signal,
      // The runtime owns retries (backoff, attempts in the run store); a failed request fails the attempt.
      maxRetries: 0,
      beforeRequest: requestGate(ctx, 'alpaca', ep.offline),
      onProgress: (p) => {
        rows += p.rows;
        ctx.progress.report({ done: p.done, total: p.total, rows, message: `${p.symbol} ${p.day}` });
      },
    });
    throwIfCancelled(ctx);
    return {
      rowsWritten: result.committedRows,
      // Only this kind's table (and quarantine): the sibling tasks of the run write the others.
      tableVersions: await producedVersions(ctx.lake, before, [`bronze.alpaca_${what}`]),
      summary: { what, day, symbols: symbols.length, units: result.units, skippedUnits: result.skippedUnits, quarantined: result.quarantined, requests: result.requests },
    };
  };
}

/** The durable spool sits next to a local lake (as `fde ingest stream` does); remote lakes spool to temp. */
function spoolDirFor(lakeUri: string): string {
  if (lakeUri.startsWith('file://')) return `${fileURLToPath(lakeUri)}.fde-spool`;
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(lakeUri)) return path.join(tmpdir(), 'fde-stream-spool', lakeUri.replace(/[^A-Za-z0-9]+/g, '_'));
  return `${path.resolve(lakeUri)}.fde-spool`;
}

/** Runs the stream ingest until the attempt's signal fires (host stop or cancel), then stops it cleanly. */
const streamTask: TaskImplementation = async (ctx) => {
  const ep = await ctx.sources.alpaca(ctx.signal);
  const symbols = Array.isArray(ctx.params.symbols) ? ctx.params.symbols.map(String) : [...DEFAULT_SYMBOLS];
  const spoolDir = spoolDirFor(ctx.lake.uri);
  const before = await tableVersions(ctx.lake);
  // The stream page's live state (connected, rates, lag, committed trades): see main/operations/stream-monitor.ts.
  const mon = await streamMonitor.open({ runId: ctx.runId, symbols, lake: ctx.lake });
  const ingest = await startStreamIngest({
    url: ep.streamUrl,
    restUrl: ep.restUrl,
    key: ep.keyId,
    secret: ep.secretKey,
    symbols,
    lake: ctx.lake,
    spoolDir,
    onEvent: (e) => {
      mon.event(e);
      if (e.type === 'commit') {
        // Per batch, not at the end: a service task runs for days (fde_rows_ingested_total, fde_stream_lag_seconds).
        runtimeMetrics().streamCommitted('alpaca', e.rows, e.maxTradeTs, Date.now());
        ctx.progress.report({ rows: ingest.stats().committedRows, message: `batch ${e.seq}` });
      } else if (e.type === 'repair') ctx.log.info('gap repaired', { from: e.from, to: e.to, rows: e.rows });
    },
  });
  mon.attach(ingest);
  ctx.log.info('stream started', { url: ep.offline ? ep.streamUrl : 'alpaca', symbols: symbols.length, appId: ingest.appId });
  const stopped = new Promise<'stop'>((resolve) => {
    if (ctx.signal.aborted) resolve('stop');
    else ctx.signal.addEventListener('abort', () => resolve('stop'), { once: true });
  });
  try {
    // `done` rejects on a fatal stream error or a failed commit: the supervisor restarts with backoff.
    await Promise.race([ingest.done, stopped]);
  } finally {
    const stats = await ingest.stop();
    await mon.close();
    ctx.log.info('stream stopped', { committedRows: stats.committedRows, batches: stats.batches, reconnects: stats.reconnects });
  }
  const stats = ingest.stats();
  return {
    rowsWritten: stats.committedRows,
    tableVersions: await producedVersions(ctx.lake, before, ctx.job.assets.produces),
    summary: { batches: stats.batches, reconnects: stats.reconnects, repairs: stats.repairs },
  };
};

export const alpacaTasks = {
  'alpaca.backfill-trades': backfillTask('trades'),
  'alpaca.backfill-quotes': backfillTask('quotes'),
  'alpaca.backfill-bars': backfillTask('bars'),
  'alpaca.stream': streamTask,
} satisfies Record<string, TaskImplementation>;
