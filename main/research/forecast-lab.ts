/**
 * Forecast lab queries: runs with forecasts, one run's fan chart against realized volatility, the
 * loss table of a (symbol, horizon) with DM tests against the champion, and two runs compared.
 * Realized for a forecast made at day t for day t+h: the mean of gold.fact_realized_vol_daily.variance
 * over the h rows after t up to the target date (the backtests' 'variance' target).
 */
import type { FanChart, ForecastCatalog, ForecastRun, ModelScore, ModelScores, RunComparison } from '../../api/research-api';
import { dmTest, fanChart, lossSummary, type ForecastPoint } from '../../pipelines/research/forecast-eval';
import { qlikeFloor } from '../../workers/models/metrics';
import type { ResearchContext } from './context';

const FORECASTS = 'gold.vol_forecasts';
const RUNS = 'meta.model_runs';
const ALIASES = 'meta.model_aliases';
const FACT = 'gold.fact_realized_vol_daily';
const DEFAULT_MODEL = 'ewma';

const num = (x: unknown): number | null => (x === null || x === undefined || !Number.isFinite(Number(x)) ? null : Number(x));
const str = (x: unknown): string | null => (x === null || x === undefined ? null : String(x));

export async function forecastCatalog(ctx: ResearchContext, request: { symbol?: string }): Promise<ForecastCatalog> {
  if (!ctx.has(FORECASTS)) return { symbols: [], models: [], horizons: [], runs: [] };
  const registered = ctx.has(RUNS);
  const aliased = ctx.has(ALIASES);
  const rows = await ctx.duck.all(
    `WITH fc AS (SELECT run_id, symbol, model, horizon, count(*) AS n, strftime(min(date), '%Y-%m-%d') AS first, strftime(max(date), '%Y-%m-%d') AS last
                 FROM ${FORECASTS} WHERE $symbol IS NULL OR symbol = $symbol GROUP BY ALL)
     SELECT fc.*, ${registered ? `r.batch_id, strftime(r.created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, r.target, r.metrics_json` : 'NULL AS batch_id, NULL AS created_at, NULL AS target, NULL AS metrics_json'},
            ${aliased ? `EXISTS (SELECT 1 FROM ${ALIASES} a WHERE a.run_id = fc.run_id AND a.symbol = fc.symbol AND a.horizon = fc.horizon AND a.alias = 'champion')` : 'false'} AS champion
     FROM fc ${registered ? `LEFT JOIN ${RUNS} r ON r.run_id = fc.run_id AND r.symbol = fc.symbol` : ''}
     ORDER BY fc.symbol, fc.horizon, fc.model, created_at DESC NULLS LAST`,
    { symbol: request.symbol ?? null },
  );
  const runs: ForecastRun[] = rows.map((r) => {
    const metrics = r.metrics_json ? (JSON.parse(String(r.metrics_json)) as Record<string, unknown>) : null;
    const dm = metrics?.dm_vs_har as { stat?: unknown; p?: unknown } | undefined;
    return {
      runId: String(r.run_id),
      batchId: str(r.batch_id),
      createdAt: str(r.created_at),
      symbol: String(r.symbol),
      model: String(r.model),
      horizon: Number(r.horizon),
      target: str(r.target),
      qlike: num(metrics?.qlike),
      mse: num(metrics?.mse),
      maeVol: num(metrics?.mae_vol),
      dmVsHar: dm ? { stat: num(dm.stat), p: num(dm.p) } : null,
      forecasts: Number(r.n),
      firstDate: str(r.first),
      lastDate: str(r.last),
      champion: Boolean(r.champion),
    };
  });
  const sorted = <T>(xs: Iterable<T>): T[] => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { symbols: sorted(runs.map((r) => r.symbol)), models: sorted(runs.map((r) => r.model)), horizons: sorted(runs.map((r) => r.horizon)), runs };
}

interface RunKey {
  symbol: string;
  runId: string;
  model: string;
  horizon: number;
}

/** The run a selector means: its id, else the latest run of the model, else the champion, else EWMA. */
async function resolveRun(ctx: ResearchContext, sel: { symbol: string; horizon: number; model?: string; runId?: string }): Promise<RunKey> {
  if (!ctx.has(FORECASTS)) throw new Error(`the lake has no ${FORECASTS}: run \`fde demo\` or \`fde forecast backtest\``);
  if (sel.runId) {
    const rows = await ctx.duck.all(
      `SELECT model, horizon FROM (SELECT DISTINCT model, horizon FROM ${FORECASTS} WHERE symbol = $symbol AND run_id = $run)
       ORDER BY (horizon = $h) DESC, horizon LIMIT 1`,
      { symbol: sel.symbol, run: sel.runId, h: sel.horizon },
    );
    if (!rows[0]) throw new Error(`run ${sel.runId} has no forecasts for ${sel.symbol}`);
    return { symbol: sel.symbol, runId: sel.runId, model: String(rows[0].model), horizon: Number(rows[0].horizon) };
  }
  const candidates = await runsOf(ctx, sel.symbol, sel.horizon);
  const pick = sel.model
    ? candidates.find((c) => c.model === sel.model)
    : candidates.find((c) => c.champion) ?? candidates.find((c) => c.model === DEFAULT_MODEL) ?? candidates[0];
  if (!pick) throw new Error(`no forecasts for ${sel.symbol} at horizon ${sel.horizon}${sel.model ? ` from model ${sel.model}` : ''}`);
  return { symbol: sel.symbol, runId: pick.runId, model: pick.model, horizon: sel.horizon };
}

/** One run per model for (symbol, horizon): the most recently registered, else the one with most rows. */
async function runsOf(ctx: ResearchContext, symbol: string, horizon: number): Promise<Array<{ runId: string; model: string; champion: boolean }>> {
  const rows = await ctx.duck.all(
    `WITH fc AS (SELECT run_id, model, count(*) AS n FROM ${FORECASTS} WHERE symbol = $symbol AND horizon = $h GROUP BY ALL),
          ranked AS (SELECT fc.run_id, fc.model,
                            ${ctx.has(ALIASES) ? `EXISTS (SELECT 1 FROM ${ALIASES} a WHERE a.run_id = fc.run_id AND a.symbol = $symbol AND a.horizon = $h AND a.alias = 'champion')` : 'false'} AS champion,
                            row_number() OVER (PARTITION BY fc.model ORDER BY ${ctx.has(RUNS) ? `(SELECT max(created_at) FROM ${RUNS} r WHERE r.run_id = fc.run_id) DESC NULLS LAST,` : ''} fc.n DESC, fc.run_id) AS k
                     FROM fc)
     SELECT run_id, model, champion FROM ranked WHERE k = 1 OR champion ORDER BY model`,
    { symbol, h: horizon },
  );
  return rows.map((r) => ({ runId: String(r.run_id), model: String(r.model), champion: Boolean(r.champion) }));
}

async function forecastPoints(ctx: ResearchContext, run: RunKey, from?: string, to?: string): Promise<ForecastPoint[]> {
  const realized = ctx.has(FACT)
    ? `fact AS (SELECT date, variance, row_number() OVER (ORDER BY date) AS rn FROM ${FACT} WHERE symbol = $symbol)`
    : `fact AS (SELECT NULL::DATE AS date, NULL::DOUBLE AS variance, 0 AS rn WHERE false)`;
  // Realized: the mean over the fact rows after made_at up to the target date, exact (no
  // cumulative-sum differences), and only when all h rows exist with a variance.
  const rows = await ctx.duck.all(
    `WITH ${realized},
          f AS (SELECT date, made_at, forecast_variance, lower_vol, upper_vol FROM ${FORECASTS}
                WHERE symbol = $symbol AND run_id = $run AND horizon = $h
                  AND ($from IS NULL OR date >= CAST($from AS DATE)) AND ($to IS NULL OR date <= CAST($to AS DATE))),
          spans AS (SELECT f.date, a.rn AS lo, b.rn AS hi FROM f JOIN fact a ON a.date = f.made_at JOIN fact b ON b.date = f.date WHERE b.rn - a.rn = $h),
          r AS (SELECT spans.date, avg(x.variance) AS realized, count(x.variance) AS k
                FROM spans JOIN fact x ON x.rn > spans.lo AND x.rn <= spans.hi GROUP BY spans.date)
     SELECT strftime(f.date, '%Y-%m-%d') AS date, strftime(f.made_at, '%Y-%m-%d') AS made_at, f.forecast_variance,
            f.lower_vol * f.lower_vol / 252 AS lower_var, f.upper_vol * f.upper_vol / 252 AS upper_var,
            CASE WHEN r.k = $h THEN r.realized END AS realized
     FROM f LEFT JOIN r ON r.date = f.date
     ORDER BY f.date`,
    { symbol: run.symbol, run: run.runId, h: run.horizon, from: from ?? null, to: to ?? null },
  );
  return rows.map((r) => ({
    date: String(r.date),
    madeAt: String(r.made_at),
    forecast: Number(r.forecast_variance),
    lower90: num(r.lower_var),
    upper90: num(r.upper_var),
    realized: num(r.realized),
  }));
}

async function fanFor(ctx: ResearchContext, run: RunKey, from?: string, to?: string): Promise<{ fan: FanChart; points: ForecastPoint[] }> {
  const points = await forecastPoints(ctx, run, from, to);
  const fan = fanChart(points);
  return {
    fan: { symbol: run.symbol, model: run.model, runId: run.runId, horizon: run.horizon, intervalMethod: fan.method, points: fan.rows, coverage: fan.coverage },
    points,
  };
}

export async function forecastFan(
  ctx: ResearchContext,
  request: { symbol: string; horizon: number; model?: string; runId?: string; from?: string; to?: string },
): Promise<FanChart> {
  return (await fanFor(ctx, await resolveRun(ctx, request), request.from, request.to)).fan;
}

export async function forecastScores(ctx: ResearchContext, request: { symbol: string; horizon: number; from?: string; to?: string }): Promise<ModelScores> {
  const { symbol, horizon } = request;
  const empty: ModelScores = { symbol, horizon, champion: null, from: null, to: null, scores: [] };
  if (!ctx.has(FORECASTS)) return empty;
  const runs = await runsOf(ctx, symbol, horizon);
  // One at a time: the connection runs one query at once.
  const series: Array<(typeof runs)[number] & { points: ForecastPoint[] }> = [];
  for (const r of runs) series.push({ ...r, points: await forecastPoints(ctx, { symbol, horizon, runId: r.runId, model: r.model }, request.from, request.to) });
  // Common sample: dates every model forecast and that are realized.
  const maps = series.map((s) => new Map(s.points.filter((p) => p.realized !== null).map((p) => [p.date, p])));
  const dates = [...(maps[0]?.keys() ?? [])].filter((d) => maps.every((m) => m.has(d))).sort();
  if (dates.length === 0) return { ...empty, champion: champ(series) };
  const realized = dates.map((d) => maps[0]!.get(d)!.realized!);
  const floor = qlikeFloor(realized);
  const summaries = series.map((s, i) => ({ s, l: lossSummary(realized, dates.map((d) => maps[i]!.get(d)!.forecast), floor) }));
  const champion = summaries.find((x) => x.s.champion);
  const scores: ModelScore[] = summaries.map(({ s, l }) => {
    const dm = champion && champion.s !== s ? dmTest(l.qlikeLosses, champion.l.qlikeLosses, horizon) : { stat: null, p: null };
    return { model: s.model, runId: s.runId, n: l.n, qlike: l.qlike, mse: l.mse, mae: l.mae, dmStat: dm.stat, dmP: dm.p, champion: s.champion };
  });
  return { symbol, horizon, champion: champ(series), from: dates[0]!, to: dates[dates.length - 1]!, scores };
}

function champ(series: Array<{ champion: boolean; model: string; runId: string }>): { model: string; runId: string } | null {
  const c = series.find((s) => s.champion);
  return c ? { model: c.model, runId: c.runId } : null;
}

async function runById(ctx: ResearchContext, runId: string, symbol?: string): Promise<RunKey> {
  if (!ctx.has(FORECASTS)) throw new Error(`the lake has no ${FORECASTS}`);
  const rows = await ctx.duck.all(
    `SELECT symbol, model, horizon FROM ${FORECASTS} WHERE run_id = $run AND ($symbol IS NULL OR symbol = $symbol) GROUP BY ALL ORDER BY symbol, horizon`,
    { run: runId, symbol: symbol ?? null },
  );
  if (rows.length === 0) throw new Error(`no forecasts for run ${runId}${symbol ? ` and ${symbol}` : ''}`);
  const symbols = new Set(rows.map((r) => String(r.symbol)));
  if (symbols.size > 1) throw new Error(`run ${runId} covers ${symbols.size} symbols; say which (symbolA / symbolB)`);
  return { symbol: String(rows[0]!.symbol), runId, model: String(rows[0]!.model), horizon: Number(rows[0]!.horizon) };
}

export async function forecastCompare(
  ctx: ResearchContext,
  request: { runA: string; runB: string; symbolA?: string; symbolB?: string; from?: string; to?: string },
): Promise<RunComparison> {
  // A run over several symbols (the demo's EWMA) takes the other run's symbol when none is given.
  const single = async (runId: string, symbol?: string): Promise<RunKey | undefined> => runById(ctx, runId, symbol).catch(() => undefined);
  const keyA = (await single(request.runA, request.symbolA)) ?? (await runById(ctx, request.runA, request.symbolA ?? (await single(request.runB, request.symbolB))?.symbol));
  const keyB = (await single(request.runB, request.symbolB)) ?? (await runById(ctx, request.runB, request.symbolB ?? keyA.symbol));
  const a = await fanFor(ctx, keyA, request.from, request.to);
  const b = await fanFor(ctx, keyB, request.from, request.to);
  const bByDate = new Map(b.points.map((p) => [p.date, p]));
  const pairs = a.points.filter((p) => p.realized !== null && bByDate.get(p.date)?.realized !== null && bByDate.has(p.date));
  // When the two runs are of different symbols, each is scored against its own realized values.
  const realizedA = pairs.map((p) => p.realized!);
  const realizedB = pairs.map((p) => bByDate.get(p.date)!.realized!);
  const la = lossSummary(realizedA, pairs.map((p) => p.forecast));
  const lb = lossSummary(realizedB, pairs.map((p) => bByDate.get(p.date)!.forecast));
  const dm = dmTest(la.qlikeLosses, lb.qlikeLosses, Math.max(a.fan.horizon, b.fan.horizon));
  const score = async (fan: FanChart, l: typeof la): Promise<ModelScore> => ({
    model: fan.model, runId: fan.runId, n: l.n, qlike: l.qlike, mse: l.mse, mae: l.mae, dmStat: null, dmP: null,
    champion: await isChampion(ctx, fan),
  });
  return {
    a: a.fan,
    b: b.fan,
    common: pairs.map((p) => ({ date: p.date, realizedVol: Math.sqrt(252 * p.realized!), a: Math.sqrt(252 * p.forecast), b: Math.sqrt(252 * bByDate.get(p.date)!.forecast) })),
    scores: { a: await score(a.fan, la), b: await score(b.fan, lb) },
    dm: { stat: dm.stat, p: dm.p, n: pairs.length },
  };
}

async function isChampion(ctx: ResearchContext, fan: FanChart): Promise<boolean> {
  if (!ctx.has(ALIASES)) return false;
  const rows = await ctx.duck.all(
    `SELECT 1 FROM ${ALIASES} WHERE alias = 'champion' AND run_id = $run AND symbol = $symbol AND horizon = $h`,
    { run: fan.runId, symbol: fan.symbol, h: fan.horizon },
  );
  return rows.length > 0;
}
