/**
 * Historical REST data for the offline server: trades, quotes and bars for many symbols over any
 * date range, sorted by symbol then time, paged with an opaque `next_page_token` (base64url of
 * the position to resume at).
 */
import { calendarBars, formatRfc3339, intradayBars, parseRfc3339, QUOTE_CONDITIONS, TRADE_CONDITIONS, type Timeframe } from '../../../pipelines/market/index';
import type { MarketStore } from './market-store';

export type RestKind = 'trades' | 'quotes' | 'bars';

export interface RestQuery {
  kind: RestKind;
  symbols: string[];
  /** Inclusive range as epoch seconds (fractional ns kept separately). */
  start: { sec: number; nsec: number };
  end: { sec: number; nsec: number };
  limit: number;
  pageToken?: string;
  timeframe?: Timeframe;
}

export interface RestPage {
  items: Map<string, unknown[]>;
  nextPageToken: string | null;
}

interface Cursor {
  s: string;
  d: string;
  k: number;
}

export function encodeToken(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeToken(token: string): Cursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    return typeof c.s === 'string' && typeof c.d === 'string' && Number.isInteger(c.k) ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Start of a bare-date end is the end of that day (the range is inclusive). */
export function parseBound(text: string, isEnd: boolean): { sec: number; nsec: number } | undefined {
  const p = parseRfc3339(text);
  if (!p) return undefined;
  if (isEnd && /^\d{4}-\d{2}-\d{2}$/.test(text)) return { sec: p.sec + 86_399, nsec: 999_999_999 };
  return p;
}

const cmp = (a: { sec: number; nsec: number }, b: { sec: number; nsec: number }): number => a.sec - b.sec || a.nsec - b.nsec;

/** Items of one symbol on one date (or, for calendar bars, of the whole range with d = ''). */
function segment(store: MarketStore, q: RestQuery, symbol: string, date: string): unknown[] {
  const inRange = (sec: number, nsec: number): boolean => cmp({ sec, nsec }, q.start) >= 0 && cmp({ sec, nsec }, q.end) <= 0;
  if (q.kind === 'bars' && q.timeframe && !('seconds' in q.timeframe)) {
    const days = store
      .dailySeries(symbol)
      .filter((b) => b.date >= dateOf(q.start.sec - 86_400) && b.date <= dateOf(q.end.sec + 86_400))
      .map((b) => store.daySummary(symbol, b.date)!);
    const bars = q.timeframe.unit === 'Day' ? days : calendarBars(days, q.timeframe);
    return bars.filter((b) => inRange(b.sec, 0)).map(({ t, o, h, l, c, v, n, vw }) => ({ t, o, h, l, c, v, n, vw }));
  }
  const tape = store.tape(symbol, date);
  if (!tape) return [];
  const out: unknown[] = [];
  if (q.kind === 'bars' && q.timeframe && 'seconds' in q.timeframe) {
    for (const b of intradayBars(tape, q.timeframe.seconds)) {
      if (inRange(b.sec, 0)) out.push({ t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n, vw: b.vw });
    }
    return out;
  }
  const rel = q.kind === 'trades' ? tape.trades.rel : tape.quotes.rel;
  for (let i = 0; i < rel.length; i++) {
    const whole = Math.floor(rel[i]! / 1e9);
    const sec = tape.openSec + whole;
    const nsec = rel[i]! - whole * 1e9;
    if (!inRange(sec, nsec)) continue;
    const t = formatRfc3339(sec, nsec);
    if (q.kind === 'trades') {
      const tr = tape.trades;
      out.push({ t, x: String.fromCharCode(tr.exch[i]!), p: tr.price[i]!, s: tr.size[i]!, c: TRADE_CONDITIONS[tr.cond[i]!], i: tr.id[i]!, z: tape.tape });
    } else {
      const qu = tape.quotes;
      out.push({
        t,
        ax: String.fromCharCode(qu.ax[i]!),
        ap: qu.ap[i]!,
        as: qu.as[i]!,
        bx: String.fromCharCode(qu.bx[i]!),
        bp: qu.bp[i]!,
        bs: qu.bs[i]!,
        c: QUOTE_CONDITIONS,
        z: tape.tape,
      });
    }
  }
  return out;
}

function dateOf(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 10);
}

export function queryPage(store: MarketStore, q: RestQuery): RestPage {
  const symbols = [...new Set(q.symbols)].filter((s) => store.has(s)).sort();
  const cursor = q.pageToken ? decodeToken(q.pageToken) : undefined;
  const items = new Map<string, unknown[]>();
  let taken = 0;
  const calendar = q.kind === 'bars' && q.timeframe !== undefined && !('seconds' in q.timeframe);
  const firstDate = dateOf(q.start.sec - 86_400);
  const lastDate = dateOf(q.end.sec + 86_400);
  for (const symbol of symbols) {
    if (cursor && symbol < cursor.s) continue;
    const dates = calendar ? [''] : store.dailySeries(symbol).map((b) => b.date).filter((d) => d >= firstDate && d <= lastDate);
    for (const date of dates) {
      if (cursor && symbol === cursor.s && date < cursor.d) continue;
      const seg = segment(store, q, symbol, date);
      const from = cursor && symbol === cursor.s && date === cursor.d ? cursor.k : 0;
      for (let k = from; k < seg.length; k++) {
        if (taken === q.limit) return { items, nextPageToken: encodeToken({ s: symbol, d: date, k }) };
        let list = items.get(symbol);
        if (!list) items.set(symbol, (list = []));
        list.push(seg[k]);
        taken++;
      }
    }
  }
  return { items, nextPageToken: null };
}
