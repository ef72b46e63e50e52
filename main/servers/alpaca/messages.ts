/**
 * Stream messages of the offline server, from tape columns, in both encodings. Keys follow
 * Alpaca's order with `T` first (the Go SDK requires it); integers stay integers; msgpack
 * timestamps use extension -1 with nanoseconds, JSON uses RFC 3339 with nanoseconds.
 */
import { formatRfc3339, TRADE_CONDITIONS, QUOTE_CONDITIONS, type Bar, type Tape } from '../../../pipelines/market/index';
import { MsgpackWriter } from './msgpack-writer';

/** A plain object view of a message (for JSON, fault injection and tests). */
export type WireMessage = Record<string, unknown>;

function splitNs(tape: Tape, rel: number): { sec: number; nsec: number } {
  const whole = Math.floor(rel / 1e9);
  return { sec: tape.openSec + whole, nsec: rel - whole * 1e9 };
}

export function tradeMessage(tape: Tape, i: number): WireMessage {
  const t = tape.trades;
  const { sec, nsec } = splitNs(tape, t.rel[i]!);
  return {
    T: 't',
    S: tape.symbol,
    i: t.id[i]!,
    x: String.fromCharCode(t.exch[i]!),
    p: t.price[i]!,
    s: t.size[i]!,
    c: TRADE_CONDITIONS[t.cond[i]!],
    t: formatRfc3339(sec, nsec),
    z: tape.tape,
  };
}

/** Pre-encoded fragments: a day holds millions of prints, so the constant bytes are copied, not re-encoded. */
const fragments = new Map<string, { head: Buffer; tail: Buffer }>();
function fragmentsFor(kind: 't' | 'q', symbol: string, tapeCode: string): { head: Buffer; tail: Buffer } {
  const key = `${kind}|${symbol}|${tapeCode}`;
  let f = fragments.get(key);
  if (!f) {
    const head = new MsgpackWriter(64).mapHeader(kind === 't' ? 9 : 11).str('T').str(kind).str('S').str(symbol).toBuffer();
    const tail = new MsgpackWriter(16).str('z').str(tapeCode).toBuffer();
    fragments.set(key, (f = { head, tail }));
  }
  return f;
}
const CONDITION_BYTES = TRADE_CONDITIONS.map((cond) => {
  const w = new MsgpackWriter(32).str('c').arrayHeader(cond.length);
  for (const c of cond) w.str(c);
  return w.toBuffer();
});
const QUOTE_CONDITION_BYTES = (() => {
  const w = new MsgpackWriter(32).str('c').arrayHeader(QUOTE_CONDITIONS.length);
  for (const c of QUOTE_CONDITIONS) w.str(c);
  return w.toBuffer();
})();
const KEY_T = 0x74;

export function writeTrade(w: MsgpackWriter, tape: Tape, i: number): void {
  const t = tape.trades;
  const { sec, nsec } = splitNs(tape, t.rel[i]!);
  const f = fragmentsFor('t', tape.symbol, tape.tape);
  w.raw(f.head).byte(0xa1).byte(0x69).uint(t.id[i]!);
  w.byte(0xa1).byte(0x78).byte(0xa1).byte(t.exch[i]!).byte(0xa1).byte(0x70).float(t.price[i]!).byte(0xa1).byte(0x73).uint(t.size[i]!);
  w.raw(CONDITION_BYTES[t.cond[i]!]!).byte(0xa1).byte(KEY_T).timestamp(sec, nsec).raw(f.tail);
}

export function quoteMessage(tape: Tape, i: number): WireMessage {
  const q = tape.quotes;
  const { sec, nsec } = splitNs(tape, q.rel[i]!);
  return {
    T: 'q',
    S: tape.symbol,
    bx: String.fromCharCode(q.bx[i]!),
    bp: q.bp[i]!,
    bs: q.bs[i]!,
    ax: String.fromCharCode(q.ax[i]!),
    ap: q.ap[i]!,
    as: q.as[i]!,
    c: QUOTE_CONDITIONS,
    t: formatRfc3339(sec, nsec),
    z: tape.tape,
  };
}

export function writeQuote(w: MsgpackWriter, tape: Tape, i: number): void {
  const q = tape.quotes;
  const { sec, nsec } = splitNs(tape, q.rel[i]!);
  const f = fragmentsFor('q', tape.symbol, tape.tape);
  w.raw(f.head).str('bx').byte(0xa1).byte(q.bx[i]!).str('bp').float(q.bp[i]!).str('bs').uint(q.bs[i]!);
  w.str('ax').byte(0xa1).byte(q.ax[i]!).str('ap').float(q.ap[i]!).str('as').uint(q.as[i]!);
  w.raw(QUOTE_CONDITION_BYTES).byte(0xa1).byte(KEY_T).timestamp(sec, nsec).raw(f.tail);
}

export function barMessage(type: 'b' | 'd' | 'u', symbol: string, bar: Bar & { sec: number }): WireMessage {
  return { T: type, S: symbol, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, t: bar.t, n: bar.n, vw: bar.vw };
}

/** Generic encoder for small message objects (bars, statuses, control). `t` strings become ext -1. */
export function writeObject(w: MsgpackWriter, msg: WireMessage): void {
  const entries = Object.entries(msg).filter(([, v]) => v !== undefined);
  w.mapHeader(entries.length);
  for (const [k, v] of entries) {
    w.str(k);
    writeValue(w, k, v);
  }
}

function writeValue(w: MsgpackWriter, key: string, v: unknown): void {
  if (v === null) w.nil();
  else if (typeof v === 'string') {
    const ts = key === 't' ? /^(.{19})(?:\.(\d{1,9}))?Z$/.exec(v) : null;
    if (ts) w.timestamp(Date.parse(`${ts[1]}Z`) / 1000, ts[2] ? Number(ts[2].padEnd(9, '0')) : 0);
    else w.str(v);
  } else if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER && !FLOAT_KEYS.has(key)) w.uint(v);
    else w.float(v);
  } else if (Array.isArray(v)) {
    w.arrayHeader(v.length);
    for (const item of v) writeValue(w, '', item);
  } else if (typeof v === 'object') writeObject(w, v as WireMessage);
  else w.str(String(v));
}

/** Price-like keys are always floats on the wire, even when integral (e.g. 136). */
const FLOAT_KEYS = new Set(['p', 'o', 'h', 'l', 'c', 'vw', 'bp', 'ap', 'u', 'd', 'op', 'cp']);

/**
 * A later correction or cancel of trade i (spec: `c` corrections, `x` cancelErrors). Corrections
 * move the price one tick inside the day's range, so the day's O/H/L/C stay exact; neither
 * touches the opening or closing print or a trade at the day's high or low. Undefined when trade
 * i cannot be amended that way.
 */
export function amendmentMessage(tape: Tape, i: number, cancel: boolean, delayNs: number): WireMessage | undefined {
  const t = tape.trades;
  const n = t.price.length;
  const p = t.price[i]!;
  const { high, low } = tape.daily;
  if (i === 0 || i === n - 1 || p >= high || p <= low) return undefined;
  const { sec, nsec } = splitNs(tape, t.rel[i]! + delayNs);
  const base = { S: tape.symbol, x: String.fromCharCode(t.exch[i]!), t: formatRfc3339(sec, nsec), z: tape.tape };
  if (cancel) return { T: 'x', ...base, i: t.id[i]!, p, s: t.size[i]!, a: 'C' };
  const up = Math.round((p + tape.tick) * 1e6) / 1e6;
  const down = Math.round((p - tape.tick) * 1e6) / 1e6;
  const cp = up < high ? up : down > low ? down : undefined;
  if (cp === undefined) return undefined;
  const conditions = [...TRADE_CONDITIONS[t.cond[i]!]!];
  // The corrected print gets a new id (above any id of the day's tape), as venues do.
  return { T: 'c', ...base, oi: t.id[i]!, op: p, os: t.size[i]!, oc: conditions, ci: t.id[i]! + 50_000, cp, cs: t.size[i]!, cc: conditions };
}

export function statusMessage(tape: Tape): WireMessage {
  const resume = tape.tape === 'C' ? { sc: 'T', sm: 'Trading Resumption' } : { sc: '3', sm: 'Resume' };
  return { T: 's', S: tape.symbol, ...resume, rc: '', rm: '', t: formatRfc3339(tape.openSec, 0), z: tape.tape };
}

export function luldMessage(tape: Tape): WireMessage {
  const ref = tape.daily.open;
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { T: 'l', S: tape.symbol, u: round(ref * 1.05), d: round(ref * 0.95), i: 'B', t: formatRfc3339(tape.openSec, 1000), z: tape.tape };
}
