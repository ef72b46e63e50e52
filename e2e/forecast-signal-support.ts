/**
 * Daily sentiment for the planted-signal test, built the way the real pipeline builds it but in
 * process: the offline Reddit server's own generator (main/servers/reddit/generator.ts, with or
 * without --signal) writes the posts and comments, pipelines/nlp tagPost tags every item, and the
 * mentions of one symbol are averaged per UTC day like gold.fact_sentiment_daily (one mention per
 * item and symbol; deleted/removed items excluded). The market series is the real Dow 30 close
 * file, target close-to-close.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { defaultNlpModel, tagPost } from '../pipelines/nlp';
import { generateSite } from '../main/servers/reddit/generator';
import { loadMarketTape } from '../main/servers/reddit/market-signal';
import { DEFAULT_SUBREDDITS } from '../main/servers/reddit/server';
import { buildSeries } from '../main/forecast/series';
import type { SeriesInput } from '../workers/forecast-api';

const RESOURCES = fileURLToPath(new URL('../resources', import.meta.url));

export interface SignalCase {
  seed: number;
  signal: boolean;
  strength?: number;
  symbol: string;
  from: string;
  to: string;
}

/** Dow 30 closes of `symbol` (c2c target) with the generated site's daily sentiment joined by date. */
export function seriesWithSentiment(c: SignalCase): SeriesInput & { itemsTagged: number } {
  const text = readFileSync(join(RESOURCES, 'market', 'dowjones30_daily_close_1991_2000.csv'), 'utf8');
  const [header, ...rows] = text.trim().split('\n').map((l) => l.split(','));
  const col = header!.indexOf(c.symbol);
  if (col < 0) throw new Error(`${c.symbol} is not in the Dow 30 file`);
  const points = rows.filter((r) => r[0]! >= c.from && r[0]! <= c.to).map((r) => ({ time: r[0]!, close: Number(r[col]) }));
  const series = buildSeries(points, { symbol: c.symbol, target: 'c2c' }).series;

  const nlp = defaultNlpModel();
  const site = generateSite(
    { seed: c.seed, signal: c.signal, strength: c.strength, from: c.from, to: c.to, subreddits: DEFAULT_SUBREDDITS },
    nlp.universe,
    loadMarketTape(RESOURCES),
  );
  const sum = new Map<string, number>();
  const count = new Map<string, number>();
  let itemsTagged = 0;
  for (const item of [...site.posts, ...site.comments]) {
    if (item.gone) continue;
    itemsTagged++;
    const tag = tagPost({ id: item.id, title: item.title, body: item.text }, nlp).tickers.find((t) => t.symbol === c.symbol);
    if (!tag) continue;
    const day = new Date(item.created * 1000).toISOString().slice(0, 10);
    sum.set(day, (sum.get(day) ?? 0) + tag.sentiment);
    count.set(day, (count.get(day) ?? 0) + 1);
  }
  return {
    ...series,
    sentiment: series.dates.map((d) => (count.has(d) ? sum.get(d)! / count.get(d)! : Number.NaN)),
    mentions: series.dates.map((d) => count.get(d) ?? 0),
    itemsTagged,
  };
}
