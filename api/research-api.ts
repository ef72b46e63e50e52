/**
 * The research views' contract (sentiment vs volatility, event study, forecast lab, model
 * registry, SQL lab): requests, responses and pushed events, as zod schemas.
 *
 * Every number a view shows comes from these responses; the renderer never computes a statistic.
 * Conventions:
 * - dates are `YYYY-MM-DD` (IsoDate); timestamps are ISO-8601 UTC strings;
 * - "annualized volatility" is sqrt(252 * daily variance of log returns);
 * - a statistic that cannot be computed on the data (zero variance, too few rows) is `null`, and
 *   where a whole block is missing the response says why in a `reason`/`note` string;
 * - requests are `.strict()`: unknown fields are refused; sizes are bounded.
 * The formulas behind each statistic are in docs/research.md.
 */
import { z } from 'zod';
import { IsoDate, Symbol } from './common';

/** A finite number, or null where the statistic is undefined (JSON has no NaN). */
const Num = z.number().nullable();

/** Per-day series bound: 30 years of trading days. */
const MAX_DAYS = 10_000;

// ---------------------------------------------------------------------------------------------
// 1. Sentiment vs volatility explorer
// ---------------------------------------------------------------------------------------------

export const SentimentSymbol = z.object({
  symbol: z.string(),
  /** First and last date of the symbol's rows in gold.mart_sentiment_volatility. */
  firstDate: IsoDate,
  lastDate: IsoDate,
  /** Rows of the mart for the symbol. */
  days: z.number().int(),
  /** Days with mentions_lag1 > 0 (the measure the default selection maximizes). */
  sentimentDays: z.number().int(),
  /** First and last date with mentions_lag1 > 0 (null when none). */
  firstSentimentDate: IsoDate.nullable(),
  lastSentimentDate: IsoDate.nullable(),
});
export type SentimentSymbol = z.infer<typeof SentimentSymbol>;

export const ExplorerSelection = z.object({ symbol: z.string(), from: IsoDate, to: IsoDate });
export type ExplorerSelection = z.infer<typeof ExplorerSelection>;

export const ExplorerSymbols = z.object({
  /** Symbols of gold.mart_sentiment_volatility, most sentiment days first. Empty when the lake has no mart. */
  symbols: z.array(SentimentSymbol),
  /**
   * The selection the explorer opens on: the symbol with the most days with mentions_lag1 > 0
   * (ties: alphabetical), from its first to its last such day. Null when no symbol has mentions.
   */
  defaultSelection: ExplorerSelection.nullable(),
});
export type ExplorerSymbols = z.infer<typeof ExplorerSymbols>;

const StatsCoefs = z.object({ const: Num, sentiment: Num, log_mentions: Num, log_variance: Num });

export const GrangerTest = z.object({
  /** Lag order p chosen by AIC among 1..10 on one common sample (statsmodels VAR.select_order). */
  lag: z.number().int(),
  /** SSR-based F test at p (statsmodels grangercausalitytests `ssr_ftest`). */
  F: Num,
  p: Num,
  df_num: z.number().int(),
  df_den: z.number().int(),
});
export type GrangerTest = z.infer<typeof GrangerTest>;

/**
 * Exactly the object `fde explore --json` prints (issue 18), same keys and order.
 * Series: rows of gold.mart_sentiment_volatility for the symbol with date in [from, to],
 * variance > 0 and next_variance > 0, ordered by date; v = ln(variance), y = ln(next_variance),
 * s = coalesce(sentiment_lag1, 0), m = mentions_lag1.
 */
export const ExploreStats = z.object({
  symbol: z.string(),
  n: z.number().int(),
  /** r_k = sum_t (s_t - mean s)(v_{t+k} - mean v) / (n sd_s sd_v), population sds, k = -10..10. */
  ccf: z.array(z.object({ lag: z.number().int(), r: Num })),
  /** 1.96 / sqrt(n): the +-band drawn around zero. */
  band: z.number(),
  /** y = a + b s + c ln(1+m) + d v, Newey-West HAC (Bartlett, maxlags floor(4 (n/100)^(2/9)), no small-sample correction). */
  ols: z.object({
    n: z.number().int(),
    r2: Num,
    hac_lags: z.number().int(),
    coef: StatsCoefs,
    se: StatsCoefs,
    t: StatsCoefs,
    /** Two-sided p-values from the normal distribution (statsmodels' default for cov_type='HAC'). */
    p: StatsCoefs,
  }),
  granger: z.object({
    /** Does sentiment help predict log variance? (H0: lags of s add nothing to the v equation.) */
    sentiment_to_volatility: GrangerTest,
    volatility_to_sentiment: GrangerTest,
  }),
});
export type ExploreStats = z.infer<typeof ExploreStats>;

export const ExplorePoint = z.object({
  date: IsoDate,
  /** Annualized realized volatility of the day: sqrt(252 * variance). */
  vol: z.number(),
  /** sentiment_lag1 as stored (null on days without mentions; the statistics use 0 there). */
  sentiment: Num,
  /** mentions_lag1. */
  mentions: z.number(),
});
export type ExplorePoint = z.infer<typeof ExplorePoint>;

/** One row of the statistics' input, ready for CSV export (column order as declared). */
export const ExploreRow = z.object({
  date: IsoDate,
  next_date: IsoDate,
  variance: z.number(),
  next_variance: z.number(),
  sentiment_lag1: Num,
  mentions_lag1: z.number(),
  /** The model's variables: v = ln(variance), y = ln(next_variance), s = coalesce(sentiment_lag1, 0), log_mentions = ln(1 + m). */
  v: z.number(),
  y: z.number(),
  s: z.number(),
  log_mentions: z.number(),
});
export type ExploreRow = z.infer<typeof ExploreRow>;

export const ExploreResult = z.object({
  symbol: z.string(),
  /** The range actually used (the request's, else the symbol's first/last mart date). */
  from: IsoDate.nullable(),
  to: IsoDate.nullable(),
  /** The dual-axis chart: one point per row (same rows as the statistics). */
  series: z.array(ExplorePoint).max(MAX_DAYS),
  /** Scatter of s_t against y_t (same order as rows). */
  scatter: z.array(z.object({ date: IsoDate, s: z.number(), y: z.number() })).max(MAX_DAYS),
  /** The statistics' input rows (CSV export). */
  rows: z.array(ExploreRow).max(MAX_DAYS),
  /** Null when they cannot be computed (then `reason` says why, e.g. fewer than 30 rows). */
  stats: ExploreStats.nullable(),
  reason: z.string().optional(),
});
export type ExploreResult = z.infer<typeof ExploreResult>;

// ---------------------------------------------------------------------------------------------
// Series decimation (min/max per pixel bucket, computed in DuckDB)
// ---------------------------------------------------------------------------------------------

/** A lake table id `layer.name` or a column name: letters, digits, underscores. */
const TableId = z.string().max(128).regex(/^(bronze|silver|gold|meta)\.[A-Za-z_][A-Za-z0-9_]*$/, 'tables are layer.name');
const ColumnName = z.string().max(128).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'column names are letters, digits and _');

export const DecimateRequest = z
  .object({
    table: TableId,
    /** DATE, TIMESTAMP or numeric column on the x axis. */
    timeColumn: ColumnName,
    /** Numeric column on the y axis (nulls and non-finite values are skipped). */
    valueColumn: ColumnName,
    /** Optional equality filter, e.g. { column: 'symbol', value: 'MSFT' }. */
    filter: z.object({ column: ColumnName, value: z.union([z.string().max(256), z.number()]) }).strict().optional(),
    /** Inclusive x range in epoch milliseconds (for DATE/TIMESTAMP) or raw units (numeric x). */
    from: z.number().optional(),
    to: z.number().optional(),
    /** Chart width in pixels: one bucket per pixel. */
    width: z.number().int().min(10).max(10_000),
  })
  .strict();

export const DecimateResult = z.object({
  /** Rows in the range before decimation. */
  totalPoints: z.number().int(),
  /** x range of the data (epoch ms for DATE/TIMESTAMP), null when empty. */
  xMin: Num,
  xMax: Num,
  /**
   * Per non-empty bucket, in x order: its min and max values and where they occur (x of the
   * min / max point), plus the bucket's first and last point, so a line drawn through
   * first, min/max in x order, last is pixel-exact (M4 decimation).
   */
  buckets: z.array(
    z.object({
      bucket: z.number().int(),
      count: z.number().int(),
      min: z.number(),
      max: z.number(),
      minX: z.number(),
      maxX: z.number(),
      firstX: z.number(),
      first: z.number(),
      lastX: z.number(),
      last: z.number(),
    }),
  ).max(10_000),
  /** Engine-side query time in ms (informational). */
  elapsedMs: z.number(),
});
export type DecimateResult = z.infer<typeof DecimateResult>;

// ---------------------------------------------------------------------------------------------
// 2. Event study
// ---------------------------------------------------------------------------------------------

export const EventStudyRequest = z
  .object({
    /** One symbol, or omitted for all symbols of the mart (events pooled). */
    symbol: Symbol.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    /**
     * Extreme sentiment: |z| >= sentimentZ, z = (sentiment_lag1 - mean) / sd over all the symbol's
     * days with mentions (population sd). Default 2. 0 disables this trigger.
     * Days are the mart's rows with variance > 0; from/to select event dates (day 0) only.
     */
    sentimentZ: z.number().min(0).max(10).default(2),
    /**
     * Mention spike: mentions_lag1 >= mentionSpike * max(1, trailing 20-day mean of mentions_lag1
     * excluding the day; 20 earlier rows needed) and mentions_lag1 > 0. Default 3. 0 disables this trigger.
     */
    mentionSpike: z.number().min(0).max(100).default(3),
    /** Window in trading days (rows of the mart): default -5..+10. */
    pre: z.number().int().min(0).max(30).default(5),
    post: z.number().int().min(0).max(60).default(10),
  })
  .strict();

export const EventStudyEvent = z.object({
  symbol: z.string(),
  date: IsoDate,
  trigger: z.enum(['sentiment', 'mentions', 'both']),
  sentiment: Num,
  sentimentZ: Num,
  mentions: z.number(),
  /** mentions / max(1, trailing 20-day mean). */
  mentionRatio: Num,
});
export type EventStudyEvent = z.infer<typeof EventStudyEvent>;

export const EventStudyResult = z.object({
  symbol: z.string().nullable(),
  /** The parameters used (defaults filled in). */
  params: z.object({ sentimentZ: z.number(), mentionSpike: z.number(), pre: z.number().int(), post: z.number().int() }),
  /**
   * Per day k = -pre..post: mean over events of the abnormal log variance
   * AR_{t+k} = ln(variance_{t+k}) - mean(ln variance over the 60 rows before t+k), with a 95%
   * confidence interval mean +- t_{0.975, n-1} sd / sqrt(n) (sample sd); n = events with that day.
   */
  days: z.array(z.object({ day: z.number().int(), mean: Num, lower: Num, upper: Num, n: z.number().int() })),
  /** Events used (those with a full 60-row history at day 0). */
  events: z.number().int(),
  /** The events, newest first, at most 5000 (`truncated` says when more). */
  eventList: z.array(EventStudyEvent).max(5_000),
  truncated: z.boolean(),
});
export type EventStudyResult = z.infer<typeof EventStudyResult>;

// ---------------------------------------------------------------------------------------------
// 3. Forecast lab
// ---------------------------------------------------------------------------------------------

export const ForecastRun = z.object({
  runId: z.string(),
  /** meta.model_runs batch; null for forecasts in gold.vol_forecasts without a registered run (the demo's EWMA). */
  batchId: z.string().nullable(),
  createdAt: z.string().nullable(),
  symbol: z.string(),
  model: z.string(),
  horizon: z.number().int(),
  target: z.string().nullable(),
  /** Registered metrics (meta.model_runs.metrics_json), null when the run is not registered. */
  qlike: Num,
  mse: Num,
  maeVol: Num,
  dmVsHar: z.object({ stat: Num, p: Num }).nullable(),
  /** Forecast rows of the run in gold.vol_forecasts. */
  forecasts: z.number().int(),
  firstDate: IsoDate.nullable(),
  lastDate: IsoDate.nullable(),
  champion: z.boolean(),
});
export type ForecastRun = z.infer<typeof ForecastRun>;

export const ForecastCatalog = z.object({
  symbols: z.array(z.string()),
  models: z.array(z.string()),
  horizons: z.array(z.number().int()),
  runs: z.array(ForecastRun).max(20_000),
});
export type ForecastCatalog = z.infer<typeof ForecastCatalog>;

/** Selects one run: by id, or the latest run of (symbol, model, horizon). */
const RunSelector = z
  .object({
    symbol: Symbol,
    horizon: z.number().int().min(1).max(60).default(1),
    /** Omitted: the champion of (symbol, horizon), else EWMA. */
    model: z.string().min(1).max(64).optional(),
    runId: z.string().min(1).max(64).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .strict();

export const Coverage = z.object({
  /** Nominal level (0.8 or 0.95). */
  level: z.number(),
  /** Days with a realized value and an interval. */
  n: z.number().int(),
  /** Days with lower <= realized <= upper. */
  inside: z.number().int(),
  /** inside / n (null when n = 0). */
  share: Num,
});
export type Coverage = z.infer<typeof Coverage>;

export const FanPoint = z.object({
  date: IsoDate,
  /** Annualized forecast volatility sqrt(252 * forecast_variance). */
  forecastVol: z.number(),
  lower80: Num,
  upper80: Num,
  lower95: Num,
  upper95: Num,
  /**
   * Realized annualized volatility over the forecast's target: sqrt(252 * mean of
   * gold.fact_realized_vol_daily.variance over the h trading days after made_at up to date).
   * Null for the final (future) forecast.
   */
  realizedVol: Num,
});
export type FanPoint = z.infer<typeof FanPoint>;

export const FanChart = z.object({
  symbol: z.string(),
  model: z.string(),
  runId: z.string(),
  horizon: z.number().int(),
  /**
   * How the 80%/95% intervals were made:
   * - 'lake-lognormal': from the run's stored 90% interval (lower_vol/upper_vol of
   *   gold.vol_forecasts), assuming log variance given the forecast is normal: mu and sigma of the
   *   log are fitted to the stored 5%/95% quantiles, then exp(mu +- z sigma) for z = 1.2816, 1.9600;
   * - 'empirical-lognormal': the lake has no interval; sigma is the sd of ln(realized/forecast) of
   *   the run's earlier out-of-sample forecasts (at least 30, those realized by made_at only).
   */
  intervalMethod: z.enum(['lake-lognormal', 'empirical-lognormal']),
  points: z.array(FanPoint).max(MAX_DAYS),
  /** Empirical coverage of each interval over points with a realized value. */
  coverage: z.object({ p80: Coverage, p95: Coverage }),
});
export type FanChart = z.infer<typeof FanChart>;

export const ModelScore = z.object({
  model: z.string(),
  runId: z.string(),
  /** Days scored: the dates every compared model forecast and realized (common sample). */
  n: z.number().int(),
  /** Mean losses on daily variance: QLIKE = r/f - ln(r/f) - 1 (floored as workers/models/metrics.ts), MSE of variance, MAE of annualized vol. */
  qlike: Num,
  mse: Num,
  mae: Num,
  /** Diebold-Mariano test on the QLIKE loss differential vs the champion (HAC variance, horizon-1 lags); null for the champion itself. */
  dmStat: Num,
  dmP: Num,
  champion: z.boolean(),
});
export type ModelScore = z.infer<typeof ModelScore>;

export const ModelScores = z.object({
  symbol: z.string(),
  horizon: z.number().int(),
  /** The champion from meta.model_aliases (null when none: then no DM tests). */
  champion: z.object({ model: z.string(), runId: z.string() }).nullable(),
  from: IsoDate.nullable(),
  to: IsoDate.nullable(),
  scores: z.array(ModelScore),
});
export type ModelScores = z.infer<typeof ModelScores>;

export const RunComparison = z.object({
  a: FanChart,
  b: FanChart,
  /** Dates both runs forecast and realized. */
  common: z.array(z.object({ date: IsoDate, realizedVol: z.number(), a: z.number(), b: z.number() })).max(MAX_DAYS),
  scores: z.object({ a: ModelScore, b: ModelScore }),
  /** DM test of a vs b on QLIKE over the common dates (negative stat: a better). */
  dm: z.object({ stat: Num, p: Num, n: z.number().int() }),
});
export type RunComparison = z.infer<typeof RunComparison>;

// ---------------------------------------------------------------------------------------------
// 4. Model registry
// ---------------------------------------------------------------------------------------------

export const RegistryAlias = z.object({
  symbol: z.string(),
  horizon: z.number().int(),
  alias: z.string(),
  model: z.string(),
  runId: z.string(),
  updatedAt: z.string(),
});
export type RegistryAlias = z.infer<typeof RegistryAlias>;

export const AliasEvent = z.object({
  at: z.string(),
  /** OS user name of whoever changed the alias. */
  user: z.string(),
  action: z.enum(['promote', 'demote']),
  symbol: z.string(),
  horizon: z.number().int(),
  alias: z.string(),
  runId: z.string(),
  model: z.string(),
  /** The run the alias pointed at before (null when it did not exist). */
  previousRunId: z.string().nullable(),
});
export type AliasEvent = z.infer<typeof AliasEvent>;

export const RegistryVersion = z.object({
  runId: z.string(),
  batchId: z.string(),
  createdAt: z.string(),
  symbol: z.string(),
  model: z.string(),
  horizon: z.number().int(),
  target: z.string(),
  codeVersion: z.string().nullable(),
  /** meta.model_runs.metrics_json, parsed (qlike, mse, mae_vol, n, dm_vs_har {stat, p}, ...). */
  metrics: z.record(z.string(), z.unknown()),
  params: z.record(z.string(), z.unknown()),
  /** Aliases pointing at this run (e.g. ['champion']). */
  aliases: z.array(z.string()),
});
export type RegistryVersion = z.infer<typeof RegistryVersion>;

export const RegistryState = z.object({
  /** False when the lake has no meta.model_runs yet (run `fde forecast backtest` or the demo). */
  available: z.boolean(),
  models: z.array(z.object({ model: z.string(), versions: z.number().int(), symbols: z.array(z.string()) })),
  versions: z.array(RegistryVersion).max(20_000),
  aliases: z.array(RegistryAlias),
  /** Alias changes, newest first (meta.model_alias_events; empty until the first change). */
  events: z.array(AliasEvent).max(5_000),
});
export type RegistryState = z.infer<typeof RegistryState>;

export const SetAliasRequest = z
  .object({
    /** promote: point the alias of the run's (symbol, horizon) at the run; demote: remove the alias if it points at the run. */
    action: z.enum(['promote', 'demote']),
    runId: z.string().min(1).max(64),
    alias: z.literal('champion').default('champion'),
    /** Must be literally true: the renderer asks the user first. */
    confirm: z.literal(true),
  })
  .strict();

export const SetAliasResult = z.object({
  event: AliasEvent,
  /** The alias rows of (symbol, horizon) after the change. */
  aliases: z.array(RegistryAlias),
  /** meta.model_aliases version after the commit. */
  tableVersion: z.number().int(),
});
export type SetAliasResult = z.infer<typeof SetAliasResult>;

// ---------------------------------------------------------------------------------------------
// 5. SQL lab
// ---------------------------------------------------------------------------------------------

export const SQL_MAX_ROWS = 100_000;

export const SqlRequest = z
  .object({
    /**
     * One read-only statement: SELECT / WITH ... SELECT / VALUES, or SHOW / DESCRIBE / SUMMARIZE /
     * EXPLAIN of one. Anything else (INSERT, CREATE, COPY, ATTACH, SET, PRAGMA, several statements,
     * file-reading functions such as read_csv / read_parquet) is refused with a message.
     * Time travel: `layer.name AS OF VERSION n` reads table version n (give it an alias to
     * qualify columns: `FROM gold.x AS OF VERSION 3 AS x3`).
     */
    sql: z.string().min(1).max(100_000),
    maxRows: z.number().int().min(1).max(SQL_MAX_ROWS).default(10_000),
  })
  .strict();

/**
 * Cell values: numbers for numeric types (64-bit and 128-bit integers beyond 2^53 as exact
 * decimal strings; DECIMAL as the nearest double), booleans, strings, dates `YYYY-MM-DD`,
 * timestamps as DuckDB prints them (`YYYY-MM-DD HH:MM:SS[.ffffff][+TZ]`), lists/structs/maps as
 * JSON, null for SQL NULL and non-finite floats (NaN, Infinity).
 */
export const SqlCell = z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

export const SqlColumn = z.object({
  name: z.string(),
  /** DuckDB type name, e.g. DOUBLE, BIGINT, VARCHAR, DATE, TIMESTAMP, DECIMAL(18,3). */
  type: z.string(),
  /** Coarse kind for the grid and the chart builder. */
  kind: z.enum(['number', 'string', 'boolean', 'date', 'timestamp', 'other']),
});
export type SqlColumn = z.infer<typeof SqlColumn>;

export const SqlResult = z.object({
  columns: z.array(SqlColumn),
  /** Row-major cells in column order; at most maxRows rows. */
  rows: z.array(z.array(SqlCell)).max(SQL_MAX_ROWS),
  /** Rows returned. */
  rowCount: z.number().int(),
  /** True when the query produced more than maxRows rows (only maxRows are returned). */
  truncated: z.boolean(),
  elapsedMs: z.number(),
  /** The history entry recorded for this run. */
  historyId: z.string(),
  /** Tables read at an older version via AS OF VERSION. */
  timeTravel: z.array(z.object({ table: z.string(), version: z.number().int() })),
});
export type SqlResult = z.infer<typeof SqlResult>;

export const SqlHistoryEntry = z.object({
  id: z.string(),
  at: z.string(),
  sql: z.string(),
  ok: z.boolean(),
  rowCount: z.number().int().nullable(),
  elapsedMs: z.number().nullable(),
  /** The refusal or DuckDB error message for failed runs. */
  error: z.string().nullable(),
});
export type SqlHistoryEntry = z.infer<typeof SqlHistoryEntry>;

export const SqlSchema = z.object({
  tables: z.array(
    z.object({
      id: z.string(),
      /** Current version; AS OF VERSION accepts 0..version (older versions may be vacuumed). */
      version: z.number().int(),
      columns: z.array(z.object({ name: z.string(), type: z.string() })),
    }),
  ),
});
export type SqlSchema = z.infer<typeof SqlSchema>;

// ---------------------------------------------------------------------------------------------
// Shell: the status bar's freshness line (added by the renderer side, issue 18)
// ---------------------------------------------------------------------------------------------

export const LakeFreshness = z.object({
  /** Time of the newest commit across the lake's tables (ISO-8601 UTC); null for an empty lake. */
  latestCommitAt: z.string().nullable(),
  /** The table of that commit (`layer.name`), null for an empty lake. */
  latestTable: z.string().nullable(),
  /** Newest market date in gold.fact_realized_vol_daily (null when the table is absent). */
  dataDate: IsoDate.nullable(),
});
export type LakeFreshness = z.infer<typeof LakeFreshness>;

// ---------------------------------------------------------------------------------------------
// The method map (spread into workstationMethods)
// ---------------------------------------------------------------------------------------------

const RangeRequest = { from: IsoDate.optional(), to: IsoDate.optional() };

export const researchMethods = {
  /** Symbols with sentiment data and the explorer's default selection. */
  explorerSymbols: { request: z.object({}).strict(), response: ExplorerSymbols },
  /** Series, scatter, CSV rows and the statistics for one symbol and range. */
  explore: { request: z.object({ symbol: Symbol, ...RangeRequest }).strict(), response: ExploreResult },
  /** Min/max per pixel bucket of one numeric column over time, computed in DuckDB. */
  decimateSeries: { request: DecimateRequest, response: DecimateResult },

  eventStudy: { request: EventStudyRequest, response: EventStudyResult },

  /** Models, horizons and runs with forecasts (registered in meta.model_runs or only in gold.vol_forecasts). */
  forecastCatalog: { request: z.object({ symbol: Symbol.optional() }).strict(), response: ForecastCatalog },
  /** Fan chart of one run: forecast vol with 80%/95% intervals vs realized, and coverage. */
  forecastFan: { request: RunSelector, response: FanChart },
  /** QLIKE / MSE / MAE of every model of (symbol, horizon) on common dates, DM p-values vs the champion. */
  forecastScores: {
    request: z.object({ symbol: Symbol, horizon: z.number().int().min(1).max(60).default(1), ...RangeRequest }).strict(),
    response: ModelScores,
  },
  /** Two runs side by side (they may differ in model, batch or symbol; horizons may differ too). */
  forecastCompare: {
    request: z
      .object({
        runA: z.string().min(1).max(64),
        runB: z.string().min(1).max(64),
        /**
         * Needed only when a run spans several symbols (the demo's EWMA run covers every symbol);
         * when omitted there, the other run's symbol is used.
         */
        symbolA: Symbol.optional(),
        symbolB: Symbol.optional(),
        ...RangeRequest,
      })
      .strict(),
    response: RunComparison,
  },

  registryState: { request: z.object({ symbol: Symbol.optional() }).strict(), response: RegistryState },
  /** Promote or demote a version (changes what `fde serve` answers); recorded with user and time. */
  registrySetAlias: { request: SetAliasRequest, response: SetAliasResult },

  sqlRun: { request: SqlRequest, response: SqlResult },
  sqlHistory: {
    request: z.object({ limit: z.number().int().min(1).max(1_000).default(100) }).strict(),
    response: z.object({ entries: z.array(SqlHistoryEntry) }),
  },
  sqlSchema: { request: z.object({}).strict(), response: SqlSchema },

  /** The status bar: newest commit and data date of the lake (renderer request, issue 18). */
  lakeFreshness: { request: z.object({}).strict(), response: LakeFreshness },
} as const;

/**
 * No research-specific events: a promote/demote commits a new version of meta.model_aliases, so the
 * existing `lakeChanged` event (the service's poll) tells every window to refetch.
 */
export const researchEvents = {} as const;
