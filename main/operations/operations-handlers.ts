/**
 * The operations methods of the WorkstationApi (lineage, quality, quarantine, stream), spread
 * into the workstation service's handlers. Requests arrive validated by api/operations-api.ts.
 */
import type { operationsMethods, StreamBar, StreamTrade } from '../../api/operations-api';
import type { WorkstationHandlers } from '../engine/api-dispatch';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MODELS_DIR, readProject } from '../models/project-files';
import { renderTemplate, type Project } from '../../pipelines/runner/index';
import { BadInputError } from '../runtime/errors';
import { checkSummaries } from './check-results';
import { sampleQuery } from './failing-rows';
import { lineageGraph } from './lineage-graph';
import type { OpsContext } from './ops-context';
import { operationsBus } from './operations-bus';
import { RECORD_ID_SQL, retryLog, retryQuarantined } from './quarantine-retry';
import { readRuns } from './run-store-read';
import { streamMonitor } from './stream-monitor';
import { sqlString } from '../duck/duck';

export type OperationsMethodName = keyof typeof operationsMethods;
export type OperationsHandlers = Pick<WorkstationHandlers, OperationsMethodName>;

const cell = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) : String(v));

const METHODS: OperationsMethodName[] = ['lineageGraph', 'lineageNode', 'qualityChecks', 'checkFailingRows', 'quarantineList', 'quarantineRetry', 'streamState', 'streamWatch'];

/** Without a lake (tests of the dispatch layer) every method answers with a clear error. */
export function createOperationsHandlers(context?: OpsContext): OperationsHandlers {
  if (!context) {
    const missing = {} as Record<OperationsMethodName, () => Promise<never>>;
    for (const m of METHODS) missing[m] = () => Promise.reject(new Error(`${m}: this host has no lake open`));
    return missing as unknown as OperationsHandlers;
  }
  const ctx = context;
  // Read per request: the lineage page must see a model file edited since the last build.
  const models = (): Promise<Project> => readProject();
  let watched: string[] = [];
  let ticking: NodeJS.Timeout | undefined;

  /** Staging models are views the runner re-creates per run; a check on one needs them here too. */
  async function ensureViews(p: Project): Promise<void> {
    const relationOf = (name: string) => p.models.get(name)?.relation ?? name;
    await ctx.duck.run('CREATE SCHEMA IF NOT EXISTS staging');
    for (const name of p.order) {
      const m = p.models.get(name);
      if (m?.config.materialized !== 'view') continue;
      await ctx.duck.run(`CREATE OR REPLACE VIEW ${m.relation} AS ${renderTemplate(m.body, { relationOf, self: m.relation })}`).catch(() => undefined);
    }
  }

  async function ticks(symbols: readonly string[]): Promise<{ bars: StreamBar[]; trades: StreamTrade[] }> {
    if (symbols.length === 0) return { bars: [], trades: [] };
    return ctx.serial(async () => {
      await ctx.refresh();
      const list = symbols.map(sqlString).join(', ');
      const iso = (c: string) => `strftime(${c} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;
      // The stream's own 1-minute bars where it sent them, else bars built from its committed
      // trades (the offline feed and quiet symbols send few bars); backfilled history is left out.
      const streamBars = ctx.has('bronze.alpaca_bars')
        ? `SELECT symbol, ts, open, high, low, close, volume FROM bronze.alpaca_bars WHERE source = 'stream' AND timeframe = '1Min' AND symbol IN (${list})
           QUALIFY row_number() OVER (PARTITION BY symbol, ts ORDER BY received_at DESC) = 1`
        : `SELECT NULL::VARCHAR AS symbol, NULL::TIMESTAMPTZ AS ts, 0.0 AS open, 0.0 AS high, 0.0 AS low, 0.0 AS close, 0 AS volume WHERE false`;
      const live = ctx.has('bronze.alpaca_trades');
      const bars = live
        ? await ctx.duck.all(
            `WITH sb AS (${streamBars}),
                  tb AS (SELECT symbol, time_bucket(INTERVAL 1 minute, ts) AS ts, arg_min(price, ts) AS open, max(price) AS high, min(price) AS low,
                                arg_max(price, ts) AS close, sum(size) AS volume
                         FROM bronze.alpaca_trades WHERE source <> 'backfill' AND symbol IN (${list}) GROUP BY 1, 2),
                  b AS (SELECT * FROM sb UNION ALL SELECT * FROM tb WHERE NOT EXISTS (SELECT 1 FROM sb WHERE sb.symbol = tb.symbol AND sb.ts = tb.ts))
             SELECT symbol, ${iso('ts')} AS t, open, high, low, close, volume FROM (SELECT * FROM b ORDER BY ts DESC LIMIT ${120 * symbols.length}) ORDER BY ts`,
          )
        : [];
      const trades = live
        ? await ctx.duck.all(`SELECT symbol, ${iso('ts')} AS t, price, size FROM bronze.alpaca_trades WHERE source <> 'backfill' AND symbol IN (${list}) ORDER BY ts DESC, trade_id DESC LIMIT 25`)
        : [];
      return {
        bars: bars.map((r) => ({ symbol: String(r.symbol), ts: String(r.t), open: Number(r.open), high: Number(r.high), low: Number(r.low), close: Number(r.close), volume: Number(r.volume) })),
        trades: trades.map((r) => ({ symbol: String(r.symbol), ts: String(r.t), price: Number(r.price), size: Number(r.size) })),
      };
    });
  }

  /** While the stream runs and symbols are watched, the page gets committed bars and trades at most 4 times a second. */
  function tick(): void {
    if (ticking) return;
    ticking = setInterval(() => {
      const s = streamMonitor.state();
      if (s.state === 'stopped' || watched.length === 0 || !operationsBus.watched) return;
      void ticks(watched).then((t) => operationsBus.publish('streamTicks', t)).catch(() => undefined);
    }, 250);
    ticking.unref();
  }

  return {
    lineageGraph: async () => lineageGraph(ctx, await models()),
    lineageNode: async ({ id }) => {
      const p = await models();
      const model = [...p.models.values()].find((m) => m.relation === id);
      const source = p.sources.get(id);
      const tables = await ctx.lake.listTables();
      const info = tables.find((t) => t.id === id);
      const table = info ? await ctx.lake.openTable(info.layer, info.name) : undefined;
      const snap = await table?.snapshot().catch(() => undefined);
      const docs = model?.config.columns ?? source?.columns ?? {};
      const columns = snap
        ? snap.columns.map((c) => ({ name: c.name, type: String(c.type), description: c.description ?? docs[c.name] ?? '' }))
        : Object.entries(docs).map(([name, description]) => ({ name, type: '', description }));
      const checks = model ? (await checkSummaries(ctx)).filter((c) => c.model === model.name) : [];
      const runs = (await readRuns(ctx.lake.uri, { limit: 2_000 })).filter((r) => r.tableVersions.some((t) => t.table === id) || (model && r.job === 'build-models')).slice(0, 20);
      return {
        id,
        description: model?.config.description ?? source?.description ?? info?.description ?? '',
        file: model?.file ?? null,
        sql: model ? await readFile(path.join(DEFAULT_MODELS_DIR, model.file), 'utf8').catch(() => null) : null,
        columns,
        checks,
        runs: runs.map((r) => ({ runId: r.runId, job: r.job, state: r.state, startedAt: r.startedAt, endedAt: r.endedAt, rowsWritten: r.rowsWritten })),
      };
    },
    qualityChecks: () => checkSummaries(ctx),
    checkFailingRows: async ({ checkId, limit }) => {
      const check = (await checkSummaries(ctx)).find((c) => c.checkId === checkId);
      if (!check) throw new BadInputError(`no check '${checkId}' in meta.check_results`);
      const p = await models();
      const q = sampleQuery(check.sql, limit);
      return ctx.serial(async () => {
        await ctx.refresh();
        await ensureViews(p);
        const rows = await ctx.duck.all(q.sql);
        const columns = rows[0] ? Object.keys(rows[0]) : [];
        return {
          sql: q.sql,
          columns,
          rows: rows.map((r) => columns.map((c) => cell(r[c]))),
          note: q.rows ? null : `${check.checkType} checks count an aggregate; the stored check SQL re-run gives the numbers above`,
        };
      });
    },
    quarantineList: ({ reason, limit }) =>
      ctx.serial(async () => {
        await ctx.refresh();
        if (!ctx.has('bronze.quarantine')) return { total: 0, reasons: [], records: [] };
        const log = await retryLog(ctx.duck, ctx.has);
        const rows = await ctx.duck.all(
          `SELECT ${RECORD_ID_SQL} AS id, source, contract, reason, raw, strftime(received_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, batch_id FROM bronze.quarantine
           ${reason !== undefined ? `WHERE reason = ${sqlString(reason)}` : ''} ORDER BY received_at DESC`,
        );
        const all = [...new Map(rows.map((r) => [String(r.id), r])).values()];
        const groups = new Map<string, { reason: string; source: string; contract: string; count: number; pending: number }>();
        for (const r of all) {
          const key = `${String(r.reason)}\u0000${String(r.source)}`;
          const g = groups.get(key) ?? { reason: String(r.reason), source: String(r.source), contract: String(r.contract), count: 0, pending: 0 };
          g.count++;
          if (log.get(String(r.id))?.state !== 'landed') g.pending++;
          groups.set(key, g);
        }
        return {
          total: all.length,
          reasons: [...groups.values()].sort((a, b) => b.count - a.count),
          records: all.slice(0, limit).map((r) => {
            const l = log.get(String(r.id));
            return {
              recordId: String(r.id), source: String(r.source), contract: String(r.contract), reason: String(r.reason), raw: String(r.raw),
              receivedAt: String(r.at), batchId: String(r.batch_id), retried: l?.state === 'landed' ? { retryId: l.retryId, at: l.at, target: l.target } : null,
            };
          }),
        };
      }),
    quarantineRetry: (req) =>
      ctx.serial(async () => {
        await ctx.refresh();
        const result = await retryQuarantined(ctx.lake, ctx.duck, ctx.has, req);
        await ctx.refresh();
        return result;
      }),
    streamState: async () => streamMonitor.state(),
    streamWatch: async ({ symbols }) => {
      watched = [...symbols];
      tick();
      return ticks(watched);
    },
  };
}
