import type { Duck } from '../duck/duck';
import { openDuck } from '../duck/duck';
import type { Lake } from '../lake/types';
import type { EventName, EventPayload } from '../../api/workstation-api';
import type { WorkstationHandlers } from './api-dispatch';
import { createJobsHandlers, type JobsHandlers } from '../runtime/jobs-handlers';
import { createResearchHandlers } from '../research/research-handlers';
import { createOperationsHandlers } from '../operations/operations-handlers';
import { operationsBus } from '../operations/operations-bus';
import { createConnectHandlers, type ConnectContext } from '../auth/connect-handlers';

/** Where the Overview reads its series (the gold model, see docs/models.md). */
const SERIES_TABLE = 'gold.fact_realized_vol_daily';
/** The chart's realized volatility: the mean daily variance of the last 21 days, annualized. */
const VOL_WINDOW_DAYS = 21;
const TRADING_DAYS = 252;
const FORECAST_TABLE = 'gold.vol_forecasts';
/** Champion aliases of the model registry (see docs/forecasting.md). */
const ALIAS_TABLE = 'meta.model_aliases';
/** Model shown when no champion is registered: the demo's EWMA covers every day of every symbol. */
const DEFAULT_MODEL = 'ewma';

export interface WorkstationService {
  handlers: WorkstationHandlers;
  /** Checks the lake for new table versions; returns the change event when something moved. */
  poll(): Promise<EventPayload<'lakeChanged'> | undefined>;
  /** Pushed events of the hosted runtime (jobs); hosts forward them to every client. */
  subscribe?: (listener: EventListener) => () => void;
  close(): Promise<void>;
}

export type EventListener = (event: EventName, payload: unknown) => void;

/**
 * The engine side of the WorkstationApi over one lake. Views are re-attached only when a table
 * version changed, so repeated chart requests cost one DuckDB query each.
 */
export async function createWorkstationService(
  lake: Lake,
  options: { jobs?: JobsHandlers; subscribe?: (listener: EventListener) => () => void; connect?: ConnectContext } = {},
): Promise<WorkstationService> {
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
    ...createJobsHandlers(options.jobs),
    ...createResearchHandlers({ lake, duck, serial, refresh, has }),
    ...createOperationsHandlers({ lake, duck, serial, refresh, has }),
    ...createConnectHandlers(options.connect),
  };

  return {
    handlers,
    // Runtime events (when a runtime is hosted) and the operations bus (stream state) together.
    subscribe: (listener: EventListener) => {
      const offRuntime = options.subscribe?.(listener);
      const offOps = operationsBus.subscribe((name, payload) => listener(name, payload));
      return () => {
        offRuntime?.();
        offOps();
      };
    },
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
  const model = has(FORECAST_TABLE) ? await chartModel(duck, has, symbol) : null;
  // One-step-ahead forecasts of the chosen model (the symbol's champion, else EWMA).
  const forecastCte = model
    ? `f AS (SELECT date, forecast_vol FROM ${FORECAST_TABLE} WHERE symbol = $symbol AND horizon = 1 AND model = $model)`
    : `f AS (SELECT NULL::DATE AS date, NULL::DOUBLE AS forecast_vol WHERE false)`;
  const rows = await duck.all(
    `WITH s AS (SELECT date, close, log_return,
                       CASE WHEN count(variance) OVER w = ${VOL_WINDOW_DAYS} THEN sqrt(${TRADING_DAYS} * avg(variance) OVER w) END AS realized_vol,
                       row_number() OVER (ORDER BY date) AS rn, count(*) OVER () AS n
                FROM ${SERIES_TABLE} WHERE symbol = $symbol
                WINDOW w AS (ORDER BY date ROWS BETWEEN ${VOL_WINDOW_DAYS - 1} PRECEDING AND CURRENT ROW)),
          ${forecastCte}
     SELECT strftime(s.date, '%Y-%m-%d') AS date, s.close, s.log_return, s.realized_vol, f.forecast_vol, s.n
     FROM s LEFT JOIN f USING (date)
     -- Even thinning in SQL keeps payloads small; the chart applies LTTB on what it gets.
     WHERE s.n <= $max OR (s.rn - 1) % CAST(ceil(s.n / $max) AS BIGINT) = 0 OR s.rn = s.n
     ORDER BY s.date`,
    model ? { symbol, max: maxPoints, model } : { symbol, max: maxPoints },
  );
  if (rows.length === 0) return empty;
  let nextForecast = null;
  if (model) {
    const next = await duck.all(
      `SELECT strftime(date, '%Y-%m-%d') AS date, forecast_vol FROM ${FORECAST_TABLE}
       WHERE symbol = $symbol AND horizon = 1 AND model = $model ORDER BY date DESC LIMIT 1`,
      { symbol, model },
    );
    if (next[0]) nextForecast = { date: String(next[0].date), vol: Number(next[0].forecast_vol), model };
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

/** The symbol's one-day champion when the registry has one with forecasts, else EWMA. */
async function chartModel(duck: Duck, has: (id: string) => boolean, symbol: string): Promise<string | null> {
  const candidates = has(ALIAS_TABLE)
    ? `SELECT model, 0 AS rank FROM ${ALIAS_TABLE} WHERE symbol = $symbol AND horizon = 1 AND alias = 'champion' UNION ALL `
    : '';
  const rows = await duck.all(
    `WITH c AS (${candidates}SELECT '${DEFAULT_MODEL}' AS model, 1 AS rank)
     SELECT c.model FROM c WHERE EXISTS (SELECT 1 FROM ${FORECAST_TABLE} f WHERE f.symbol = $symbol AND f.horizon = 1 AND f.model = c.model)
     ORDER BY rank LIMIT 1`,
    { symbol },
  );
  return rows[0] ? String(rows[0].model) : null;
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
