/** Reads the registry tables: run listings, one run in full, and the champion's forecast. */
import type { Duck } from '../duck/duck';
import { sqlString } from '../duck/duck';
import type { Lake } from '../lake/types';

export interface RunSummary {
  run_id: string;
  batch_id: string;
  created_at: string;
  symbol: string;
  model: string;
  horizon: number;
  target: string;
  qlike: number | null;
  dm_stat: number | null;
  champion: boolean;
}

export interface ChampionForecast {
  symbol: string;
  horizon: number;
  model: string;
  run_id: string;
  made_at: string;
  target_date: string;
  /** Mean daily variance over the next `horizon` trading days. */
  variance: number;
  /** Daily and annualized (sqrt(252)) volatility. */
  volatility: number;
  annualized_volatility: number;
  interval: { level: number; lower_variance: number; upper_variance: number; lower_volatility: number; upper_volatility: number };
  code_version: string;
}

/** Attaches the lake's tables; false when the registry does not exist yet. */
export async function attachRegistry(lake: Lake, duck: Duck): Promise<boolean> {
  const ids = await lake.attach(duck);
  return ids.includes('meta.model_runs');
}

export async function listRuns(duck: Duck, filter: { symbol?: string; model?: string } = {}): Promise<RunSummary[]> {
  const where: string[] = [];
  if (filter.symbol) where.push(`r.symbol = ${sqlString(filter.symbol)}`);
  if (filter.model) where.push(`r.model = ${sqlString(filter.model)}`);
  const rows = await duck.json(
    `SELECT r.run_id, r.batch_id, strftime(r.created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, r.symbol, r.model, r.horizon, r.target,
            r.qlike, r.dm_stat, a.run_id IS NOT NULL AS champion
     FROM meta.model_runs r
     LEFT JOIN meta.model_aliases a ON a.run_id = r.run_id AND a.alias = 'champion'
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY r.symbol, r.horizon, r.qlike`,
  );
  return rows.rows as unknown as RunSummary[];
}

export async function getRun(duck: Duck, runId: string): Promise<Record<string, unknown> | undefined> {
  const rows = await duck.json(
    `SELECT r.* EXCLUDE (made_at, created_at), strftime(r.made_at, '%Y-%m-%d') AS made_at, strftime(r.created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
            (SELECT list(alias) FROM meta.model_aliases a WHERE a.run_id = r.run_id) AS aliases
     FROM meta.model_runs r WHERE r.run_id = ${sqlString(runId)} LIMIT 1`,
  );
  const row = rows.rows[0];
  if (!row) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k.endsWith('_json') && typeof v === 'string') out[k.slice(0, -5)] = JSON.parse(v) as unknown;
    else out[k] = v;
  }
  return out;
}

export async function championForecast(duck: Duck, symbol: string, horizon: number): Promise<ChampionForecast | undefined> {
  const rows = await duck.all<{
    model: string; run_id: string; made_at: string; target_date: string; v: number; lo: number; hi: number; code_version: string;
  }>(
    `SELECT r.model, r.run_id, strftime(r.made_at, '%Y-%m-%d') AS made_at,
            (SELECT strftime(max(f.date), '%Y-%m-%d') FROM gold.vol_forecasts f WHERE f.run_id = r.run_id AND f.made_at = r.made_at) AS target_date,
            r.forecast_variance AS v, r.lower_variance AS lo, r.upper_variance AS hi, r.code_version
     FROM meta.model_aliases a JOIN meta.model_runs r ON r.run_id = a.run_id
     WHERE a.alias = 'champion' AND a.symbol = ${sqlString(symbol)} AND a.horizon = ${Math.trunc(horizon)}
     LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return undefined;
  const ann = (v: number): number => Math.sqrt(252 * v);
  return {
    symbol,
    horizon,
    model: r.model,
    run_id: r.run_id,
    made_at: r.made_at,
    target_date: r.target_date,
    variance: r.v,
    volatility: Math.sqrt(r.v),
    annualized_volatility: ann(r.v),
    interval: { level: 0.9, lower_variance: r.lo, upper_variance: r.hi, lower_volatility: ann(r.lo), upper_volatility: ann(r.hi) },
    code_version: r.code_version,
  };
}
