import { openDuck } from '../../duck/duck';
import { openLake } from '../../lake/index';
import type { Lake, TableInfo } from '../../lake/types';
import { resourcePath } from '../../engine/resources';
import { CsvMarketReplay } from '../../sources/csv-replay/csv-market-replay';
import { ingestDailyBars, type IngestStats } from '../../ingest/ingest-daily-bars';
import { buildModels } from '../../models/build';
import { trainFromLake } from '../../forecast/train-lake';
import { createForecastPool } from '../../../workers/forecast-pool';
import type { Progress } from '../../engine/progress';
import { backfillOfflineIntraday, backfillOfflineSocial, type IntradaySummary, type SocialSummary } from './offline-sources';
import { runEwmaForecasts } from './ewma-forecast-step';
import { DEMO_PLAN } from './demo-plan';

export interface DemoSummary {
  lake: string;
  daily: IngestStats;
  intraday: IntradaySummary;
  social: SocialSummary;
  models: { ok: boolean; built: number; upToDate: number; failed: string[]; checksPassed: number; checksFailed: string[] };
  trained: Array<{ symbol: string; status: string; champion?: Record<string, string> }>;
  tables: TableInfo[];
  forecasts: Array<{ symbol: string; date: string; forecastVol: number; model: string }>;
}

const STEPS = 7;
const step = (progress: Progress, n: number, text: string) => progress.step(`${n}/${STEPS} ${text}`);

/**
 * The offline end-to-end demo: real daily data through the contract, the Alpaca- and
 * Reddit-compatible offline servers through their clients, the SQL models, then forecasts in the
 * worker pool. Every step is idempotent, so running it again leaves the same tables.
 */
export async function runDemo(lakeUri: string, progress: Progress): Promise<DemoSummary> {
  const lake = await openLake(lakeUri);
  const duck = await openDuck();
  try {
    step(progress, 1, 'daily bars: replaying the real daily data bundled in resources/market');
    const feed = new CsvMarketReplay(duck, resourcePath('market'));
    progress.start('    ingest -> bronze', (await feed.size()) ?? 0);
    const daily = await ingestDailyBars(lake, duck, feed, { onBatch: (done) => progress.update(done) });
    progress.stop(
      `    ${daily.accepted} bars accepted, ${daily.quarantined} quarantined` +
        (daily.alreadyCommitted > 0 ? `, ${daily.alreadyCommitted} batches already in bronze (skipped)` : ''),
    );

    const a = DEMO_PLAN.alpaca;
    step(progress, 2, `intraday: trades, quotes, 1-minute bars from the Alpaca-compatible server (${a.symbols.join(',')}, ${a.start}..${a.end})`);
    const intraday = await backfillOfflineIntraday(lake, progress);
    progress.step(`    ${intraday.trades} trades, ${intraday.quotes} quotes, ${intraday.bars} bars committed; ${intraday.skippedUnits} symbol-days already in bronze`);

    const r = DEMO_PLAN.reddit;
    step(progress, 3, `social: posts and comments from the Reddit-compatible server (r/${r.subreddits.join(', r/')}, ${r.from}..${r.to})`);
    const social = await backfillOfflineSocial(lake, progress);
    progress.step(`    ${social.posts} posts, ${social.comments} comments, ${social.mentions} ticker mentions, ${social.quarantined} quarantined`);

    step(progress, 4, 'models: staging -> silver -> gold with quality checks');
    const report = await buildModels({
      lake,
      onProgress: (event) => {
        if (event.type === 'model_done') progress.step(`    [${event.index + 1}/${event.total}] ${event.result.model}: ${event.result.status}`);
      },
    });
    const models = {
      ok: report.ok,
      built: report.models.filter((m) => m.status === 'success').length,
      upToDate: report.models.filter((m) => m.status === 'up_to_date').length,
      failed: report.models.filter((m) => m.status === 'error' || m.status === 'skipped').map((m) => `${m.model}: ${m.message ?? m.status}`),
      checksPassed: report.checks.filter((c) => c.status === 'pass').length,
      checksFailed: report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id} (${c.severity}): ${c.message ?? c.status}`),
    };
    if (!report.ok) throw new Error(`the model build failed: ${models.failed.concat(models.checksFailed).join('; ')}`);

    step(progress, 5, 'forecasts: EWMA for every symbol in worker threads');
    const ewma = await runEwmaForecasts(lake, duck);
    progress.step(`    ${ewma.symbols} symbols, ${ewma.rows} forecasts, run ${ewma.runId}`);

    step(progress, 6, `backtests: EWMA, GARCH, HAR, log-HAR, Prophet-style walk-forward for ${DEMO_PLAN.train.symbols.join(', ')}; champion per horizon`);
    const pool = createForecastPool();
    let trained;
    try {
      trained = await trainFromLake(lake.uri, {
        symbols: [...DEMO_PLAN.train.symbols],
        pool,
        onSymbol: (symbol, done, total) => progress.step(`    ${symbol} (${done}/${total})`),
      });
    } finally {
      await pool.close();
    }

    step(progress, STEPS, 'summary');
    return {
      lake: lake.uri,
      daily,
      intraday,
      social,
      models,
      trained: trained.map((t) => ({ symbol: t.symbol, status: t.status, ...(t.champion ? { champion: t.champion } : {}) })),
      tables: await lake.listTables(),
      forecasts: await latestForecasts(lake, duck),
    };
  } finally {
    duck.close();
    await lake.close();
  }
}

/** Each symbol's latest one-day forecast from its champion model, else EWMA. */
async function latestForecasts(lake: Lake, duck: Awaited<ReturnType<typeof openDuck>>): Promise<DemoSummary['forecasts']> {
  const ids = await lake.attach(duck);
  const champion = ids.includes('meta.model_aliases')
    ? `LEFT JOIN (SELECT symbol, model AS champion FROM meta.model_aliases WHERE alias = 'champion' AND horizon = 1) c USING (symbol)`
    : `LEFT JOIN (SELECT NULL::VARCHAR AS symbol, NULL::VARCHAR AS champion WHERE false) c USING (symbol)`;
  const rows = await duck.all(
    `SELECT symbol, strftime(date, '%Y-%m-%d') AS date, forecast_vol, model
     FROM gold.vol_forecasts f ${champion}
     WHERE horizon = 1 AND model = coalesce(c.champion, 'ewma')
     QUALIFY row_number() OVER (PARTITION BY symbol ORDER BY date DESC) = 1
     ORDER BY symbol`,
  );
  return rows.map((row) => ({ symbol: String(row.symbol), date: String(row.date), forecastVol: Number(row.forecast_vol), model: String(row.model) }));
}

export function formatDemoSummary(summary: DemoSummary): string {
  const lines = ['', 'Tables:'];
  for (const t of summary.tables) lines.push(`  ${t.id.padEnd(34)} ${String(t.numRecords).padStart(9)} rows  v${t.version}`);
  lines.push(
    '',
    `Quality: ${summary.models.checksPassed} checks passed` +
      (summary.models.checksFailed.length > 0 ? `, ${summary.models.checksFailed.length} warnings:\n    ${summary.models.checksFailed.join('\n    ')}` : ''),
  );
  const champions = summary.trained.filter((t) => t.champion).map((t) => `${t.symbol} h1=${t.champion!['1']} h5=${t.champion!['5']}`);
  if (champions.length > 0) lines.push(`Champions (QLIKE vs HAR, Diebold-Mariano): ${champions.join('; ')}`);
  lines.push('', 'Next-day volatility forecast (annualized):');
  for (const f of summary.forecasts) {
    lines.push(`  ${f.symbol.padEnd(6)} ${f.date}  ${(f.forecastVol * 100).toFixed(1).padStart(6)}%  (${f.model})`);
  }
  lines.push(
    '',
    `Lake: ${summary.lake}`,
    `Next: fde sql --lake ${summary.lake} "SELECT * FROM gold.mart_sentiment_volatility WHERE mentions_lag1 > 0 LIMIT 5"`,
    `      fde ui --lake ${summary.lake}`,
  );
  return lines.join('\n');
}
