/**
 * The model registry view: models, versions (meta.model_runs), champion aliases, and promote /
 * demote. A change overwrites meta.model_aliases through the lake's write path (the table
 * `fde serve` joins to answer /forecast) and appends who and when to meta.model_alias_events.
 */
import { userInfo } from 'node:os';
import type { AliasEvent, RegistryAlias, RegistryState, SetAliasResult } from '../../api/research-api';
import { sqlString } from '../duck/duck';
import { MODEL_ALIASES } from '../forecast/tables';
import type { TableSpec } from '../lake/types';
import type { ResearchContext } from './context';

const RUNS = 'meta.model_runs';
const ALIASES = 'meta.model_aliases';
const EVENTS = 'meta.model_alias_events';

export const MODEL_ALIAS_EVENTS: TableSpec = {
  layer: 'meta',
  name: 'model_alias_events',
  description: 'Append-only log of alias changes (promote / demote) with who and when',
  columns: [
    { name: 'at', type: 'timestamp', nullable: false },
    { name: 'user', type: 'string', nullable: false, description: 'OS user name of whoever made the change' },
    { name: 'action', type: 'string', nullable: false, description: 'promote or demote' },
    { name: 'symbol', type: 'string', nullable: false },
    { name: 'horizon', type: 'integer', nullable: false },
    { name: 'alias', type: 'string', nullable: false },
    { name: 'run_id', type: 'string', nullable: false },
    { name: 'model', type: 'string', nullable: false },
    { name: 'previous_run_id', type: 'string', description: 'the run the alias pointed at before (null when unset)' },
  ],
};

const json = (text: unknown): Record<string, unknown> => {
  if (typeof text !== 'string') return {};
  const value = JSON.parse(text) as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

export async function registryState(ctx: ResearchContext, request: { symbol?: string }): Promise<RegistryState> {
  if (!ctx.has(RUNS)) return { available: false, models: [], versions: [], aliases: [], events: [] };
  const symbol = request.symbol ?? null;
  const runs = await ctx.duck.all(
    `SELECT run_id, batch_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, symbol, model, horizon, target, code_version, metrics_json, params_json
     FROM ${RUNS} WHERE $symbol IS NULL OR symbol = $symbol ORDER BY symbol, horizon, model, created_at DESC`,
    { symbol },
  );
  const aliases = await readAliases(ctx, symbol);
  const aliasesOf = new Map<string, string[]>();
  for (const a of aliases) aliasesOf.set(a.runId, [...(aliasesOf.get(a.runId) ?? []), a.alias]);
  const versions = runs.map((r) => ({
    runId: String(r.run_id),
    batchId: String(r.batch_id),
    createdAt: String(r.created_at),
    symbol: String(r.symbol),
    model: String(r.model),
    horizon: Number(r.horizon),
    target: String(r.target),
    codeVersion: r.code_version === null ? null : String(r.code_version),
    metrics: json(r.metrics_json),
    params: json(r.params_json),
    aliases: aliasesOf.get(String(r.run_id)) ?? [],
  }));
  const byModel = new Map<string, { versions: number; symbols: Set<string> }>();
  for (const v of versions) {
    const m = byModel.get(v.model) ?? { versions: 0, symbols: new Set<string>() };
    m.versions++;
    m.symbols.add(v.symbol);
    byModel.set(v.model, m);
  }
  return {
    available: true,
    models: [...byModel].sort(([a], [b]) => a.localeCompare(b)).map(([model, m]) => ({ model, versions: m.versions, symbols: [...m.symbols].sort() })),
    versions,
    aliases,
    events: await readEvents(ctx, symbol),
  };
}

async function readAliases(ctx: ResearchContext, symbol: string | null, horizon?: number): Promise<RegistryAlias[]> {
  if (!ctx.has(ALIASES)) return [];
  const rows = await ctx.duck.all(
    `SELECT symbol, horizon, alias, model, run_id, strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS updated_at FROM ${ALIASES}
     WHERE ($symbol IS NULL OR symbol = $symbol) AND ($h IS NULL OR horizon = $h) ORDER BY symbol, horizon, alias`,
    { symbol, h: horizon ?? null },
  );
  return rows.map((r) => ({ symbol: String(r.symbol), horizon: Number(r.horizon), alias: String(r.alias), model: String(r.model), runId: String(r.run_id), updatedAt: String(r.updated_at) }));
}

async function readEvents(ctx: ResearchContext, symbol: string | null): Promise<AliasEvent[]> {
  if (!ctx.has(EVENTS)) return [];
  const rows = await ctx.duck.all(
    `SELECT strftime("at", '%Y-%m-%dT%H:%M:%S.%gZ') AS "at", "user", action, symbol, horizon, alias, run_id, model, previous_run_id FROM ${EVENTS}
     WHERE $symbol IS NULL OR symbol = $symbol ORDER BY "at" DESC LIMIT 5000`,
    { symbol },
  );
  return rows.map((r) => ({
    at: String(r.at),
    user: String(r.user),
    action: r.action === 'demote' ? 'demote' : 'promote',
    symbol: String(r.symbol),
    horizon: Number(r.horizon),
    alias: String(r.alias),
    runId: String(r.run_id),
    model: String(r.model),
    previousRunId: r.previous_run_id === null ? null : String(r.previous_run_id),
  }));
}

/** The OS account name; never fails (containers without a passwd entry). */
export function currentUser(): string {
  try {
    return userInfo().username || process.env.USER || 'unknown';
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}

export async function registrySetAlias(
  ctx: ResearchContext,
  request: { action: 'promote' | 'demote'; runId: string; alias: 'champion'; confirm: true },
): Promise<SetAliasResult> {
  if (request.confirm !== true) throw new Error('alias changes need confirm: true');
  // A write reads the current aliases: never from views that may be a second old.
  await ctx.refresh();
  if (!ctx.has(RUNS)) throw new Error('the lake has no model registry (meta.model_runs): run `fde forecast backtest` first');
  const runRows = await ctx.duck.all(`SELECT symbol, horizon, model FROM ${RUNS} WHERE run_id = $run LIMIT 1`, { run: request.runId });
  const run = runRows[0];
  if (!run) throw new Error(`no run ${request.runId} in ${RUNS}`);
  const symbol = String(run.symbol);
  const horizon = Number(run.horizon);
  const model = String(run.model);
  const before = (await readAliases(ctx, symbol, horizon)).find((a) => a.alias === request.alias);
  if (request.action === 'demote' && before?.runId !== request.runId) {
    throw new Error(`run ${request.runId} is not the ${request.alias} of ${symbol} horizon ${horizon}${before ? ` (${before.runId} is)` : ''}; nothing to demote`);
  }
  if (request.action === 'promote' && before?.runId === request.runId) {
    throw new Error(`run ${request.runId} already is the ${request.alias} of ${symbol} horizon ${horizon}`);
  }
  const at = new Date().toISOString();
  const user = currentUser();
  const aliases = await ctx.lake.ensureTable(MODEL_ALIASES);
  // Keep every other alias row; replace (promote) or drop (demote) this one.
  const keep = ctx.has(ALIASES)
    ? `SELECT symbol, horizon, alias, run_id, model, updated_at FROM ${ALIASES}
       WHERE NOT (symbol = ${sqlString(symbol)} AND horizon = ${horizon} AND alias = ${sqlString(request.alias)})`
    : `SELECT NULL::VARCHAR AS symbol, NULL::INTEGER AS horizon, NULL::VARCHAR AS alias, NULL::VARCHAR AS run_id, NULL::VARCHAR AS model, NULL::TIMESTAMP AS updated_at WHERE false`;
  const added = request.action === 'promote'
    ? `UNION ALL SELECT ${sqlString(symbol)}, CAST(${horizon} AS INTEGER), ${sqlString(request.alias)}, ${sqlString(request.runId)}, ${sqlString(model)}, CAST(${sqlString(at)} AS TIMESTAMP)`
    : '';
  const info = { job: 'registry-alias', action: request.action, run_id: request.runId, user };
  const commit = await aliases.overwrite({ duck: ctx.duck, sql: `${keep} ${added}` }, { partitions: 'all', info });
  const events = await ctx.lake.ensureTable(MODEL_ALIAS_EVENTS);
  await events.append(
    {
      duck: ctx.duck,
      sql: `SELECT CAST(${sqlString(at)} AS TIMESTAMP) AS "at", ${sqlString(user)} AS "user", ${sqlString(request.action)} AS action,
                   ${sqlString(symbol)} AS symbol, CAST(${horizon} AS INTEGER) AS horizon, ${sqlString(request.alias)} AS alias,
                   ${sqlString(request.runId)} AS run_id, ${sqlString(model)} AS model,
                   ${before ? sqlString(before.runId) : 'NULL::VARCHAR'} AS previous_run_id`,
    },
    { info },
  );
  await ctx.refresh();
  return {
    event: { at, user, action: request.action, symbol, horizon, alias: request.alias, runId: request.runId, model, previousRunId: before?.runId ?? null },
    aliases: await readAliases(ctx, symbol, horizon),
    tableVersion: commit.version,
  };
}
