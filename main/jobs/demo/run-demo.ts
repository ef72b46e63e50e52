import { openDuck } from '../../duck/duck';
import { openLake } from '../../lake/index';
import type { TableInfo } from '../../lake/types';
import { resourcePath } from '../../engine/resources';
import { CsvMarketReplay } from '../../sources/csv-replay/csv-market-replay';
import { ingestDailyBars, type IngestStats } from '../../ingest/ingest-daily-bars';
import { runDailyTransforms } from './daily-transforms';
import { runEwmaForecasts } from './ewma-forecast-step';
import type { Progress } from '../../cli/progress';

export interface DemoSummary {
  lake: string;
  ingest: IngestStats;
  tables: TableInfo[];
  forecasts: Array<{ symbol: string; date: string; forecastVol: number; model: string }>;
}

/**
 * The offline end-to-end demo: replay the bundled real daily data through the contract into
 * bronze, build silver and gold, forecast volatility in the worker pool. Every step is
 * idempotent, so running it again leaves the same tables.
 */
export async function runDemo(lakeUri: string, progress: Progress): Promise<DemoSummary> {
  const lake = await openLake(lakeUri);
  const duck = await openDuck();
  try {
    progress.step('1/4 offline market source: replaying bundled daily data (resources/market)');
    const feed = new CsvMarketReplay(duck, resourcePath('market'));
    progress.start('    ingest -> bronze', (await feed.size()) ?? 0);
    const ingest = await ingestDailyBars(lake, duck, feed, { onBatch: (done) => progress.update(done) });
    progress.stop(
      `    ${ingest.accepted} bars accepted, ${ingest.quarantined} quarantined` +
        (ingest.alreadyCommitted > 0 ? `, ${ingest.alreadyCommitted} batches already in bronze (skipped)` : ''),
    );

    progress.step('2/4 building silver and gold tables');
    await runDailyTransforms(lake, duck, (id) => progress.step(`    ${id}`));

    progress.step('3/4 forecasting volatility (EWMA) in worker threads');
    const fit = await runEwmaForecasts(lake, duck);
    progress.step(`    ${fit.symbols} symbols, ${fit.rows} forecasts, run ${fit.runId}`);

    progress.step('4/4 summary');
    await lake.attach(duck);
    const forecasts = await duck.all<Record<string, unknown>>(
      `SELECT symbol, strftime(date, '%Y-%m-%d') AS date, forecast_vol, model FROM gold.vol_forecasts
       QUALIFY row_number() OVER (PARTITION BY symbol ORDER BY date DESC) = 1 ORDER BY symbol`,
    );
    return {
      lake: lake.uri,
      ingest,
      tables: await lake.listTables(),
      forecasts: forecasts.map((row) => ({
        symbol: String(row.symbol),
        date: String(row.date),
        forecastVol: Number(row.forecast_vol),
        model: String(row.model),
      })),
    };
  } finally {
    duck.close();
    await lake.close();
  }
}

export function formatDemoSummary(summary: DemoSummary): string {
  const lines = ['', 'Tables:'];
  for (const t of summary.tables) lines.push(`  ${t.id.padEnd(28)} ${String(t.numRecords).padStart(9)} rows  v${t.version}`);
  lines.push('', 'Next-day volatility forecast (annualized):');
  for (const f of summary.forecasts) {
    lines.push(`  ${f.symbol.padEnd(6)} ${f.date}  ${(f.forecastVol * 100).toFixed(1).padStart(6)}%  (${f.model})`);
  }
  lines.push('', `Lake: ${summary.lake}`, 'Next: fde sql --lake <dir> "SELECT * FROM gold.daily_volatility LIMIT 5"  or  fde ui --lake <dir>');
  return lines.join('\n');
}
