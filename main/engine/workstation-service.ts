import type { Duck } from '../duck/duck';
import { openDuck } from '../duck/duck';
import type { Lake } from '../lake/types';
import type { EventPayload } from '../../api/workstation-api';
import type { WorkstationHandlers } from './api-dispatch';

/** Where the Overview reads its series (written by the daily transforms and forecasters). */
const SERIES_TABLE = 'gold.daily_volatility';
const FORECAST_TABLE = 'gold.vol_forecasts';

export interface WorkstationService {
  handlers: WorkstationHandlers;
  /** Checks the lake for new table versions; returns the change event when something moved. */
  poll(): Promise<EventPayload<'lakeChanged'> | undefined>;
  close(): Promise<void>;
}

/**
 * The engine side of the WorkstationApi over one lake. Views are re-attached only when a table
 * version changed, so repeated chart requests cost one DuckDB query each.
 */
export async function createWorkstationService(lake: Lake): Promise<WorkstationService> {
  const duck = await openDuck();
  let versions = new Map<string, number>();
  let attached = new Set<string>();
  // DuckDB connections are not re-entrant: serialize engine queries.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function refresh(): Promise<boolean> {
    const tables = await lake.listTables();
    const current = new Map(tables.map((t) => [t.id, t.version]));
    const changed = current.size !== versions.size || [...current].some(([id, v]) => versions.get(id) !== v);
    if (changed) {
      attached = new Set(await lake.attach(duck));
      versions = current;
    }
    return changed;
  }

  const has = (id: string) => attached.has(id);

  const handlers: WorkstationHandlers = {
    getLakeStatus: () =>
      serial(async () => {
        await refresh();
        const tables = await lake.listTables();
        return { uri: lake.uri, tables: tables.length, totalRecords: tables.reduce((sum, t) => sum + t.numRecords, 0) };
      }),
    listTables: () =>
      serial(async () => {
        const tables = await lake.listTables();
        return tables.map((t) => ({ id: t.id, layer: t.layer, name: t.name, version: t.version, numFiles: t.numFiles, numRecords: t.numRecords, ...(t.description ? { description: t.description } : {}) }));
      }),
    listSymbols: () =>
      serial(async () => {
        await refresh();
        if (!has(SERIES_TABLE)) return [];
        const rows = await duck.all(
          `SELECT symbol, strftime(min(date), '%Y-%m-%d') AS first, strftime(max(date), '%Y-%m-%d') AS last, count(*) AS days
           FROM ${SERIES_TABLE} GROUP BY symbol ORDER BY symbol`,
        );
        return rows.map((r) => ({ symbol: String(r.symbol), firstDate: String(r.first), lastDate: String(r.last), days: Number(r.days) }));
      }),
    getSymbolSeries: (request) => serial(() => symbolSeries(duck, has, request.symbol, request.maxPoints, refresh)),
  };

  return {
    handlers,
    poll: () =>
      serial(async () => {
        if (!(await refresh())) return undefined;
        return { tables: [...versions].map(([id, version]) => ({ id, version })) };
      }),
    close: async () => {
      await queue;
      duck.close();
    },
  };
}

async function symbolSeries(duck: Duck, has: (id: string) => boolean, symbol: string, maxPoints: number, refresh: () => Promise<boolean>) {
  await refresh();
  const empty = { symbol, points: [], totalDays: 0, model: null, nextForecast: null };
  if (!has(SERIES_TABLE)) return empty;
  const withForecasts = has(FORECAST_TABLE);
  // One-step-ahead forecasts of the most recent run of each model; the chart shows one model.
  const forecastCte = withForecasts
    ? `f AS (SELECT date, forecast_vol, model FROM ${FORECAST_TABLE} WHERE symbol = $symbol AND horizon = 1
             QUALIFY dense_rank() OVER (ORDER BY model = 'ewma' DESC, model) = 1)`
    : `f AS (SELECT NULL::DATE AS date, NULL::DOUBLE AS forecast_vol, NULL::VARCHAR AS model WHERE false)`;
  const rows = await duck.all(
    `WITH s AS (SELECT date, close, log_return, coalesce(realized_vol, parkinson_vol) AS realized_vol,
                       row_number() OVER (ORDER BY date) AS rn, count(*) OVER () AS n
                FROM ${SERIES_TABLE} WHERE symbol = $symbol),
          ${forecastCte}
     SELECT strftime(s.date, '%Y-%m-%d') AS date, s.close, s.log_return, s.realized_vol, f.forecast_vol, s.n
     FROM s LEFT JOIN f USING (date)
     -- Even thinning in SQL keeps payloads small; the chart applies LTTB on what it gets.
     WHERE s.n <= $max OR (s.rn - 1) % CAST(ceil(s.n / $max) AS BIGINT) = 0 OR s.rn = s.n
     ORDER BY s.date`,
    { symbol, max: maxPoints },
  );
  if (rows.length === 0) return empty;
  let nextForecast = null;
  let model: string | null = null;
  if (withForecasts) {
    const next = await duck.all(
      `SELECT strftime(date, '%Y-%m-%d') AS date, forecast_vol, model FROM ${FORECAST_TABLE}
       WHERE symbol = $symbol AND horizon = 1 ORDER BY model = 'ewma' DESC, model, date DESC LIMIT 1`,
      { symbol },
    );
    if (next[0]) {
      model = String(next[0].model);
      nextForecast = { date: String(next[0].date), vol: Number(next[0].forecast_vol), model };
    }
  }
  return {
    symbol,
    totalDays: Number(rows[0]!.n),
    model,
    nextForecast,
    points: rows.map((r) => ({
      date: String(r.date),
      close: numberOrNull(r.close),
      logReturn: numberOrNull(r.log_return),
      realizedVol: numberOrNull(r.realized_vol),
      forecastVol: numberOrNull(r.forecast_vol),
    })),
  };
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
