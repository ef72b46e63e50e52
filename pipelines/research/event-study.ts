/**
 * Event study of log variance around sentiment events (issue 18, section 2). Per symbol, over its
 * rows with variance > 0 in date order (offsets are counted in those rows, i.e. trading days):
 * - abnormal log variance AR_i = ln(variance_i) - mean(ln variance_{i-60..i-1}) (needs 60 rows before i);
 * - an event on row i when |z_i| >= sentimentZ, z_i = (s_i - mean s) / sd s over the rows with
 *   sentiment in the sample (population sd), or when m_i >= mentionSpike * max(1, mean(m_{i-20..i-1}))
 *   and m_i > 0 (needs 20 rows before i). A threshold of 0 turns its trigger off.
 * - per day k = -pre..post: the mean of AR_{i+k} over the events, with the 95% interval
 *   mean +- t_{0.975, n-1} sd / sqrt(n) (sample sd), n the events whose row i+k exists.
 */
import { tQuantile } from './distributions';

export const AR_WINDOW = 60;
export const SPIKE_WINDOW = 20;

export interface EventSeries {
  symbol: string;
  dates: string[];
  variance: number[];
  /** sentiment_lag1 (null without mentions). */
  sentiment: Array<number | null>;
  mentions: number[];
}

export interface EventParams {
  sentimentZ: number;
  mentionSpike: number;
  pre: number;
  post: number;
  /** Only events with a date in [from, to] (the AR history may reach before from). */
  from?: string;
  to?: string;
}

export interface StudyEvent {
  symbol: string;
  date: string;
  trigger: 'sentiment' | 'mentions' | 'both';
  sentiment: number | null;
  sentimentZ: number | null;
  mentions: number;
  mentionRatio: number | null;
}

export interface StudyDay {
  day: number;
  mean: number | null;
  lower: number | null;
  upper: number | null;
  n: number;
}

export interface EventStudyOutput {
  days: StudyDay[];
  events: StudyEvent[];
}

/** AR_i for every row (NaN before the window fills). */
export function abnormalLogVariance(variance: readonly number[], window = AR_WINDOW): number[] {
  const lv = variance.map(Math.log);
  const out = new Array<number>(lv.length).fill(Number.NaN);
  let sum = 0;
  for (let i = 0; i < lv.length; i++) {
    if (i >= window) {
      out[i] = lv[i]! - sum / window;
      sum -= lv[i - window]!;
    }
    sum += lv[i]!;
  }
  return out;
}

export function findEvents(series: EventSeries, params: EventParams): Array<StudyEvent & { index: number }> {
  const { sentiment, mentions, dates } = series;
  const present = sentiment.filter((s): s is number => s !== null);
  const mu = present.reduce((a, b) => a + b, 0) / (present.length || 1);
  const sd = Math.sqrt(present.reduce((a, b) => a + (b - mu) ** 2, 0) / (present.length || 1));
  const events: Array<StudyEvent & { index: number }> = [];
  let trailing = 0;
  for (let i = 0; i < dates.length; i++) {
    const s = sentiment[i] ?? null;
    const z = s !== null && sd > 0 ? (s - mu) / sd : null;
    const m = mentions[i]!;
    const base = i >= SPIKE_WINDOW ? trailing / SPIKE_WINDOW : null;
    const ratio = base === null ? null : m / Math.max(1, base);
    const bySentiment = params.sentimentZ > 0 && z !== null && Math.abs(z) >= params.sentimentZ;
    const byMentions = params.mentionSpike > 0 && ratio !== null && m > 0 && ratio >= params.mentionSpike;
    const inRange = (!params.from || dates[i]! >= params.from) && (!params.to || dates[i]! <= params.to);
    if ((bySentiment || byMentions) && inRange) {
      events.push({
        index: i,
        symbol: series.symbol,
        date: dates[i]!,
        trigger: bySentiment && byMentions ? 'both' : bySentiment ? 'sentiment' : 'mentions',
        sentiment: s,
        sentimentZ: z,
        mentions: m,
        mentionRatio: ratio,
      });
    }
    trailing += m;
    if (i >= SPIKE_WINDOW) trailing -= mentions[i - SPIKE_WINDOW]!;
  }
  return events;
}

export function eventStudy(all: readonly EventSeries[], params: EventParams): EventStudyOutput {
  const span = params.pre + params.post + 1;
  const samples: number[][] = Array.from({ length: span }, () => []);
  const used: StudyEvent[] = [];
  for (const series of all) {
    const ar = abnormalLogVariance(series.variance);
    for (const { index, ...event } of findEvents(series, params)) {
      if (!Number.isFinite(ar[index]!)) continue; // no 60-row history at day 0
      used.push(event);
      for (let k = -params.pre; k <= params.post; k++) {
        const value = ar[index + k];
        if (value !== undefined && Number.isFinite(value)) samples[k + params.pre]!.push(value);
      }
    }
  }
  const days = samples.map((values, i) => summarize(i - params.pre, values));
  used.sort((a, b) => (a.date === b.date ? a.symbol.localeCompare(b.symbol) : a.date < b.date ? 1 : -1));
  return { days, events: used };
}

function summarize(day: number, values: number[]): StudyDay {
  const n = values.length;
  if (n === 0) return { day, mean: null, lower: null, upper: null, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { day, mean, lower: null, upper: null, n };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { day, mean, lower: mean - half, upper: mean + half, n };
}
