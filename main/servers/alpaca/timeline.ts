/**
 * One replay day as per-channel timelines: every message of every symbol in emission order,
 * pre-encoded once (msgpack eagerly, JSON on first use) so that sending to a subscriber of all
 * symbols is a zero-copy slice of one buffer. This is what lets the server push hundreds of
 * thousands of messages per second on one core.
 */
import { createRng, hash32, intradayBars, type Tape } from '../../../pipelines/market/index';
import type { MarketStore } from './market-store';
import { MsgpackWriter } from './msgpack-writer';
import { amendmentMessage, barMessage, luldMessage, quoteMessage, statusMessage, tradeMessage, writeObject, writeQuote, writeTrade, type WireMessage } from './messages';

export const KINDS = ['trades', 'quotes', 'bars', 'dailyBars', 'statuses', 'lulds'] as const;
export type Kind = (typeof KINDS)[number];

export interface Encoded {
  buf: Buffer;
  /** Byte offset of message k; off[count] = end. */
  off: Uint32Array;
}

export interface KindTimeline {
  kind: Kind;
  count: number;
  /** Emission time: ns after 09:30 New York. */
  rel: Float64Array;
  /** Index into store.symbols. */
  sym: Uint16Array;
  /** Encodings are built on first use (a day of quotes nobody subscribed to costs nothing). */
  msgpack(): Encoded;
  json(): Encoded;
  /** Plain object of message k (fault injection, JSON). */
  message(k: number): WireMessage;
}

export interface DayTimeline {
  date: string;
  openSec: number;
  /** Built on first use per channel. */
  kind(k: Kind): KindTimeline;
}

interface Source {
  symIdx: number;
  rel: ArrayLike<number>;
  write(w: MsgpackWriter, i: number): void;
  object(i: number): WireMessage;
}

function merge(kind: Kind, sources: Source[]): KindTimeline {
  let total = 0;
  for (const s of sources) total += s.rel.length;
  // Sort keys (microsecond, source) numerically, then consume each source in its own order:
  // ties inside one microsecond keep every symbol's sequence intact.
  const keys = new Float64Array(total);
  let k = 0;
  sources.forEach((s, si) => {
    for (let i = 0; i < s.rel.length; i++) keys[k++] = Math.floor(s.rel[i]! / 1000) * 4096 + si;
  });
  keys.sort();
  const next = new Uint32Array(sources.length);
  const order = new Uint32Array(total);
  const srcOf = new Uint16Array(total);
  const rel = new Float64Array(total);
  const sym = new Uint16Array(total);
  for (let j = 0; j < total; j++) {
    const si = keys[j]! % 4096;
    const s = sources[si]!;
    const i = next[si]!++;
    order[j] = i;
    srcOf[j] = si;
    rel[j] = s.rel[i]!;
    sym[j] = s.symIdx;
  }
  let msgpack: Encoded | undefined;
  let json: Encoded | undefined;
  const message = (j: number): WireMessage => sources[srcOf[j]!]!.object(order[j]!);
  return {
    kind,
    count: total,
    rel,
    sym,
    message,
    msgpack() {
      if (!msgpack) {
        const w = new MsgpackWriter(Math.max(1 << 16, total * 80));
        const off = new Uint32Array(total + 1);
        for (let j = 0; j < total; j++) {
          off[j] = w.pos;
          sources[srcOf[j]!]!.write(w, order[j]!);
        }
        off[total] = w.pos;
        msgpack = { buf: w.toBuffer(), off };
      }
      return msgpack;
    },
    json() {
      if (!json) {
        const parts: string[] = new Array<string>(total);
        const joff = new Uint32Array(total + 1);
        let pos = 0;
        for (let j = 0; j < total; j++) {
          joff[j] = pos;
          // Each message keeps a trailing comma so a run of neighbours is a valid array body.
          parts[j] = `${JSON.stringify(message(j))},`;
          pos += parts[j]!.length; // ASCII only: byte length equals string length
        }
        joff[total] = pos;
        json = { buf: Buffer.from(parts.join(''), 'latin1'), off: joff };
      }
      return json;
    },
  };
}

function objectSource(symIdx: number, items: Array<{ rel: number; msg: WireMessage }>): Source {
  return {
    symIdx,
    rel: items.map((x) => x.rel),
    write: (w, i) => writeObject(w, items[i]!.msg),
    object: (i) => items[i]!.msg,
  };
}

/** Minute bars (after each minute) and cumulative daily bars (after each minute). */
function barSources(tape: Tape, symIdx: number): { minute: Source; daily: Source } {
  const minutes = intradayBars(tape, 60);
  const minuteItems: Array<{ rel: number; msg: WireMessage }> = [];
  const dailyItems: Array<{ rel: number; msg: WireMessage }> = [];
  let acc: { o: number; h: number; l: number; c: number; v: number; n: number; pv: number } | undefined;
  const dayT = tape.daily.date;
  for (const m of minutes) {
    const rel = (m.sec + 60 - tape.openSec) * 1e9;
    minuteItems.push({ rel, msg: barMessage('b', tape.symbol, m) });
    acc = acc
      ? { o: acc.o, h: Math.max(acc.h, m.h), l: Math.min(acc.l, m.l), c: m.c, v: acc.v + m.v, n: acc.n + m.n, pv: acc.pv + m.vw * m.v }
      : { o: m.o, h: m.h, l: m.l, c: m.c, v: m.v, n: m.n, pv: m.vw * m.v };
    const vw = acc.v > 0 ? Math.round((acc.pv / acc.v) * 1e6) / 1e6 : 0;
    const midnight = nyMidnightIso(dayT, tape.openSec);
    dailyItems.push({ rel: rel + 1, msg: barMessage('d', tape.symbol, { ...acc, vw, t: midnight, sec: 0 }) });
  }
  return { minute: objectSource(symIdx, minuteItems), daily: objectSource(symIdx, dailyItems) };
}

function nyMidnightIso(date: string, openSec: number): string {
  const offsetH = 9.5 - (openSec - Date.parse(`${date}T00:00:00Z`) / 1000) / 3600;
  return new Date(Date.parse(`${date}T00:00:00Z`) - offsetH * 3_600_000).toISOString().replace('.000Z', 'Z');
}

/** Corrections and cancels of a share of a tape's trades, two seconds after each (deterministic). */
function amendmentSource(tape: Tape, symIdx: number, rate: number): Source {
  const rng = createRng(hash32(`${tape.symbol}|${tape.date}|amendments`));
  const items: Array<{ rel: number; msg: WireMessage }> = [];
  for (let i = 0; i < tape.trades.rel.length; i++) {
    if (rng.next() >= rate) continue;
    const msg = amendmentMessage(tape, i, rng.next() < 0.5, 2e9);
    if (msg) items.push({ rel: tape.trades.rel[i]! + 2e9, msg });
  }
  return objectSource(symIdx, items);
}

/** correctionsRate: the share of trades later corrected or cancelled (0 = none, the default). */
export function buildDayTimeline(store: MarketStore, date: string, correctionsRate = 0): DayTimeline {
  const symIndex = new Map(store.symbols.map((s, i) => [s, i]));
  const tapes = store.symbolsOn(date).map((s) => ({ tape: store.tape(s, date)!, symIdx: symIndex.get(s)! }));
  const trades: Source[] = [];
  const quotes: Source[] = [];
  // Bars need every tape's minute aggregation: computed only when someone subscribes to bars.
  let barCache: { minute: Source[]; daily: Source[] } | undefined;
  const barList = (): { minute: Source[]; daily: Source[] } => {
    if (!barCache) {
      barCache = { minute: [], daily: [] };
      for (const { tape, symIdx } of tapes) {
        const b = barSources(tape, symIdx);
        barCache.minute.push(b.minute);
        barCache.daily.push(b.daily);
      }
    }
    return barCache;
  };
  const statuses: Source[] = [];
  const lulds: Source[] = [];
  for (const { tape, symIdx } of tapes) {
    trades.push({ symIdx, rel: tape.trades.rel, write: (w, i) => writeTrade(w, tape, i), object: (i) => tradeMessage(tape, i) });
    if (correctionsRate > 0) trades.push(amendmentSource(tape, symIdx, correctionsRate));
    quotes.push({ symIdx, rel: tape.quotes.rel, write: (w, i) => writeQuote(w, tape, i), object: (i) => quoteMessage(tape, i) });
    statuses.push(objectSource(symIdx, [{ rel: 0, msg: statusMessage(tape) }]));
    lulds.push(objectSource(symIdx, [{ rel: 1000, msg: luldMessage(tape) }]));
  }
  const openSec = tapes[0]?.tape.openSec ?? 0;
  const sources: Record<Kind, () => Source[]> = {
    trades: () => trades,
    quotes: () => quotes,
    bars: () => barList().minute,
    dailyBars: () => barList().daily,
    statuses: () => statuses,
    lulds: () => lulds,
  };
  const built = new Map<Kind, KindTimeline>();
  return {
    date,
    openSec,
    kind(k) {
      let tl = built.get(k);
      if (!tl) built.set(k, (tl = merge(k, sources[k]())));
      return tl;
    },
  };
}
