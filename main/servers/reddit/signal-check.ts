/**
 * Measures what an analyst would find in the generated site: the correlation between a
 * symbol's daily mean mention sentiment (tagged by pipelines/nlp, as ingest does) on day d and
 * its realized volatility on trading day d + k, for several k. Used by tests and docs to state
 * the --signal effect honestly (measured, not assumed).
 */
import { tagPost, type NlpModel } from '../../../pipelines/nlp/tag';
import type { Site } from './generator';
import type { MarketTape } from './market-signal';

export function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** corr(mean sentiment of trading day d, log volatility of trading day d + k) for each k. */
export function sentimentVolCorrelation(site: Site, tape: MarketTape, model: NlpModel, symbol: string, lags: number[]): Record<number, { corr: number; days: number }> {
  const series = tape.series.get(symbol);
  if (!series) throw new Error(`no market series for ${symbol}`);
  const byDay = new Map<string, number[]>();
  for (const item of [...site.posts, ...site.comments]) {
    const tagged = tagPost({ id: item.id, title: item.title, body: item.text }, model);
    const t = tagged.tickers.find((x) => x.symbol === symbol);
    if (!t) continue;
    const day = new Date(item.created * 1000).toISOString().slice(0, 10);
    const list = byDay.get(day) ?? [];
    list.push(t.sentiment);
    byDay.set(day, list);
  }
  const out: Record<number, { corr: number; days: number }> = {};
  for (const k of lags) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < series.dates.length; i++) {
      const s = byDay.get(series.dates[i]!);
      const j = i + k;
      if (!s || j < 0 || j >= series.dates.length) continue;
      xs.push(s.reduce((a, b) => a + b, 0) / s.length);
      ys.push(Math.log(series.vol[j]!));
    }
    out[k] = { corr: Math.round(pearson(xs, ys) * 1000) / 1000, days: xs.length };
  }
  return out;
}
