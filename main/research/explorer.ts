/**
 * The sentiment-vs-volatility explorer: which symbols have sentiment, the default selection, and
 * one symbol's rows with their statistics (pipelines/research/explore-stats.ts).
 */
import type { ExploreResult, ExplorerSymbols, ExploreRow } from '../../api/research-api';
import { exploreStats, type ExploreStatsObject } from '../../pipelines/research/explore-stats';
import type { Duck } from '../duck/duck';
import type { ResearchContext } from './context';

export const MART = 'gold.mart_sentiment_volatility';
const TRADING_DAYS = 252;

export async function explorerSymbols(ctx: ResearchContext): Promise<ExplorerSymbols> {
  if (!ctx.has(MART)) return { symbols: [], defaultSelection: null };
  const rows = await ctx.duck.all(
    `SELECT symbol, strftime(min(date), '%Y-%m-%d') AS first, strftime(max(date), '%Y-%m-%d') AS last, count(*) AS days,
            count(*) FILTER (WHERE mentions_lag1 > 0) AS sdays,
            strftime(min(date) FILTER (WHERE mentions_lag1 > 0), '%Y-%m-%d') AS sfirst,
            strftime(max(date) FILTER (WHERE mentions_lag1 > 0), '%Y-%m-%d') AS slast
     FROM ${MART} GROUP BY symbol ORDER BY sdays DESC, symbol`,
  );
  const symbols = rows.map((r) => ({
    symbol: String(r.symbol),
    firstDate: String(r.first),
    lastDate: String(r.last),
    days: Number(r.days),
    sentimentDays: Number(r.sdays),
    firstSentimentDate: r.sfirst === null ? null : String(r.sfirst),
    lastSentimentDate: r.slast === null ? null : String(r.slast),
  }));
  const top = symbols[0];
  const defaultSelection = top && top.sentimentDays > 0 && top.firstSentimentDate && top.lastSentimentDate
    ? { symbol: top.symbol, from: top.firstSentimentDate, to: top.lastSentimentDate }
    : null;
  return { symbols, defaultSelection };
}

/** The rows the statistics use: issue 18's filter and order, on any connection with the mart attached. */
export async function martRows(duck: Duck, symbol: string, from?: string, to?: string): Promise<ExploreRow[]> {
  const rows = await duck.all(
    `SELECT strftime(date, '%Y-%m-%d') AS date, strftime(next_date, '%Y-%m-%d') AS next_date, variance, next_variance,
            sentiment_lag1, CAST(mentions_lag1 AS DOUBLE) AS mentions_lag1
     FROM ${MART}
     WHERE symbol = $symbol AND variance > 0 AND next_variance > 0
       AND ($from IS NULL OR date >= CAST($from AS DATE)) AND ($to IS NULL OR date <= CAST($to AS DATE))
     ORDER BY date`,
    { symbol, from: from ?? null, to: to ?? null },
  );
  return rows.map((r) => {
    const variance = Number(r.variance);
    const next = Number(r.next_variance);
    const sentiment = r.sentiment_lag1 === null ? null : Number(r.sentiment_lag1);
    const mentions = Number(r.mentions_lag1 ?? 0);
    return {
      date: String(r.date),
      next_date: String(r.next_date),
      variance,
      next_variance: next,
      sentiment_lag1: sentiment,
      mentions_lag1: mentions,
      v: Math.log(variance),
      y: Math.log(next),
      s: sentiment ?? 0,
      log_mentions: Math.log1p(mentions),
    };
  });
}

/** Statistics of the rows, or the reason they cannot be computed. */
export function statsOrReason(symbol: string, rows: ExploreRow[]): { stats: ExploreStatsObject | null; reason?: string } {
  try {
    return { stats: exploreStats(symbol, rows) };
  } catch (error) {
    return { stats: null, reason: error instanceof Error ? error.message : String(error) };
  }
}

export async function explore(ctx: ResearchContext, request: { symbol: string; from?: string; to?: string }): Promise<ExploreResult> {
  const { symbol } = request;
  if (!ctx.has(MART)) {
    return { symbol, from: null, to: null, series: [], scatter: [], rows: [], stats: null, reason: `the lake has no ${MART}: run \`fde demo\` or \`fde build\`` };
  }
  if (request.from && request.to && request.from > request.to) throw new Error(`from ${request.from} is after to ${request.to}`);
  const rows = await martRows(ctx.duck, symbol, request.from, request.to);
  const { stats, reason } = rows.length === 0
    ? { stats: null, reason: `no rows for ${symbol} in the range (variance > 0 and next_variance > 0)` }
    : statsOrReason(symbol, rows);
  return {
    symbol,
    from: request.from ?? rows[0]?.date ?? null,
    to: request.to ?? rows[rows.length - 1]?.date ?? null,
    series: rows.map((r) => ({ date: r.date, vol: Math.sqrt(TRADING_DAYS * r.variance), sentiment: r.sentiment_lag1, mentions: r.mentions_lag1 })),
    scatter: rows.map((r) => ({ date: r.date, s: r.s, y: r.y })),
    rows,
    stats,
    ...(reason ? { reason } : {}),
  };
}
