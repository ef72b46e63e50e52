/** Event study over gold.mart_sentiment_volatility (the math is pipelines/research/event-study.ts). */
import type { EventStudyResult } from '../../api/research-api';
import { eventStudy as study, type EventSeries } from '../../pipelines/research/event-study';
import type { ResearchContext } from './context';
import { MART } from './explorer';

const MAX_EVENTS = 5_000;

export interface EventStudyRequest {
  symbol?: string;
  from?: string;
  to?: string;
  sentimentZ: number;
  mentionSpike: number;
  pre: number;
  post: number;
}

export async function eventStudy(ctx: ResearchContext, request: EventStudyRequest): Promise<EventStudyResult> {
  const params = { sentimentZ: request.sentimentZ, mentionSpike: request.mentionSpike, pre: request.pre, post: request.post };
  if (!ctx.has(MART)) return { symbol: request.symbol ?? null, params, days: [], events: 0, eventList: [], truncated: false };
  if (request.from && request.to && request.from > request.to) throw new Error(`from ${request.from} is after to ${request.to}`);
  // The whole history of each symbol: day 0's 60-row baseline may lie before `from`.
  const rows = await ctx.duck.all(
    `SELECT symbol, strftime(date, '%Y-%m-%d') AS date, variance, sentiment_lag1, CAST(coalesce(mentions_lag1, 0) AS DOUBLE) AS mentions
     FROM ${MART} WHERE variance > 0 AND ($symbol IS NULL OR symbol = $symbol) ORDER BY symbol, date`,
    { symbol: request.symbol ?? null },
  );
  const bySymbol = new Map<string, EventSeries>();
  for (const r of rows) {
    const symbol = String(r.symbol);
    let s = bySymbol.get(symbol);
    if (!s) bySymbol.set(symbol, (s = { symbol, dates: [], variance: [], sentiment: [], mentions: [] }));
    s.dates.push(String(r.date));
    s.variance.push(Number(r.variance));
    s.sentiment.push(r.sentiment_lag1 === null ? null : Number(r.sentiment_lag1));
    s.mentions.push(Number(r.mentions));
  }
  const out = study([...bySymbol.values()], { ...params, ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) });
  return {
    symbol: request.symbol ?? null,
    params,
    days: out.days,
    events: out.events.length,
    eventList: out.events.slice(0, MAX_EVENTS),
    truncated: out.events.length > MAX_EVENTS,
  };
}
