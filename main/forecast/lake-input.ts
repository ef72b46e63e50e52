/**
 * Reads one symbol's daily series from gold tables (the models engineer's dbt-style models):
 * - gold.fact_realized_vol_daily (required): symbol, date, log_return, and the variance columns
 *   rv, parkinson, gk, rs, yz, c2c, variance (best available: rv, else yz, else c2c);
 * - gold.fact_sentiment_daily (optional): symbol, date, mean_sentiment, mention_count; days
 *   without posts get NaN sentiment and 0 mentions.
 */
import { resolve } from 'node:path';
import { openDuck, sqlString } from '../duck/duck';
import { openLake } from '../lake/index';
import type { Target } from '../../pipelines/volatility/estimators';
import { FdeError } from '../engine/errors';
import { dayNumber, type BuiltSeries } from './series';

export interface LakeSeries extends BuiltSeries {
  /** Input table versions for the registry: "gold.fact_realized_vol_daily" -> version. */
  inputs: Record<string, number>;
}

interface Row {
  date: string;
  ret: number | null;
  v: number | null;
  sentiment: number | null;
  mentions: number | null;
}

export function lakeUri(dir: string): string {
  return dir.includes('://') ? dir : resolve(dir);
}

export async function loadLakeSeries(dir: string, symbol: string, target?: Target): Promise<LakeSeries> {
  const lake = await openLake(lakeUri(dir));
  const duck = await openDuck({ threads: 1 });
  try {
    const fact = await lake.openTable('gold', 'fact_realized_vol_daily');
    if (!fact) throw new FdeError(`no gold.fact_realized_vol_daily in ${dir}`, 'build the gold layer first (fde demo or fde build), or use --csv');
    const sentimentTable = await lake.openTable('gold', 'fact_sentiment_daily');
    await lake.attach(duck);
    const source = 'gold.fact_realized_vol_daily';
    const inputs: Record<string, number> = { [source]: (await fact.snapshot()).version };
    const chosen: Target | 'variance' = target ?? 'variance';
    let sentimentJoin = '';
    let sentimentCols = 'NULL::DOUBLE AS sentiment, NULL::DOUBLE AS mentions';
    if (sentimentTable) {
      inputs['gold.fact_sentiment_daily'] = (await sentimentTable.snapshot()).version;
      sentimentJoin = `LEFT JOIN gold.fact_sentiment_daily s ON s.symbol = f.symbol AND s.date = f.date`;
      sentimentCols = 'CAST(s.mean_sentiment AS DOUBLE) AS sentiment, CAST(s.mention_count AS DOUBLE) AS mentions';
    }
    const rows = await duck.all<Row & Record<string, unknown>>(
      `SELECT strftime(f.date, '%Y-%m-%d') AS date, CAST(f.log_return AS DOUBLE) AS ret, CAST(f.${chosen} AS DOUBLE) AS v, ${sentimentCols}
       FROM ${source} f ${sentimentJoin}
       WHERE f.symbol = ${sqlString(symbol)} ORDER BY f.date`,
    );
    const dropped: BuiltSeries['dropped'] = [];
    const kept = rows.filter((r) => {
      const ok = r.ret !== null && r.v !== null && Number.isFinite(r.ret) && Number.isFinite(r.v) && r.v >= 0;
      if (!ok) dropped.push({ date: r.date, reason: 'missing return or variance' });
      return ok;
    });
    if (kept.length === 0) throw new FdeError(`symbol ${symbol} has no rows in ${source}`);
    const hasSentiment = kept.some((r) => r.sentiment !== null);
    const series: BuiltSeries['series'] = {
      symbol,
      dates: kept.map((r) => r.date),
      day: kept.map((r) => dayNumber(r.date)),
      target: kept.map((r) => r.v!),
      returns: kept.map((r) => r.ret!),
    };
    if (hasSentiment) {
      series.sentiment = kept.map((r) => r.sentiment ?? Number.NaN);
      series.mentions = kept.map((r) => r.mentions ?? 0);
    }
    return { series, target: chosen, intraday: false, dropped, inputs };
  } finally {
    duck.close();
    await lake.close();
  }
}
