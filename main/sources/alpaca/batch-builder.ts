/**
 * The ingest hot path: each message is checked by its contract, de-duplicated, and added to its
 * bronze table's batch. Trades, the bulk of the feed, become columns (TradeColumns, written as
 * Parquet); msgpack trades are checked and read straight from the frame bytes
 * (MsgpackContractReader) and only the rest is decoded into objects for the compiled validator.
 * The other tables get CSV lines, which DuckDB reads natively. Invalid messages become
 * quarantine lines with the zod reason and the raw JSON; unknown types are counted and kept in
 * alpaca_events.
 */
import { streamJsonSchema, streamValidators } from '../../../pipelines/contracts/alpaca/index';
import { formatRfc3339, parseRfc3339 } from '../../../pipelines/market/index';
import type { BronzeKey } from './bronze-tables';
import { decodeMessage } from './codec';
import type { Dedup } from './dedup';
import { MsgpackContractReader } from './msgpack-contract';
import { frameArray, skipValue } from './msgpack-frame';
import type { StringDictionary } from './string-dictionary';
import { TradeColumns, type RowSource } from './trade-columns';

export type { RowSource } from './trade-columns';
/** Bronze tables whose batches are CSV text (trades are columns). */
export type CsvTable = Exclude<BronzeKey, 'trades'>;

export interface BuilderStats {
  messages: number;
  trades: number;
  quotes: number;
  bars: number;
  events: number;
  quarantined: number;
  duplicates: number;
  unknownTypes: number;
}

export function emptyBuilderStats(): BuilderStats {
  return { messages: 0, trades: 0, quotes: 0, bars: 0, events: 0, quarantined: 0, duplicates: 0, unknownTypes: 0 };
}

const vTrade = streamValidators.get('t')!;
const vQuote = streamValidators.get('q')!;
const vBar = streamValidators.get('b')!;
const BAR_TIMEFRAME: Record<string, string> = { b: '1Min', u: '1Min', d: '1Day' };


const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;

let nsPrefix = '';
let nsSeconds = '';
/**
 * Epoch nanoseconds as decimal digits from a validated RFC 3339 "Z" timestamp. Done here, with a
 * per-second cache, because parsing timestamp text in SQL was the most expensive step of the
 * bronze commit.
 */
export function nsDigits(t: string): string {
  const prefix = t.slice(0, 19);
  if (prefix !== nsPrefix) {
    const sec = Date.parse(`${prefix}Z`) / 1000;
    nsPrefix = prefix;
    nsSeconds = sec > 0 ? String(sec) : '';
  }
  const frac = t.length > 20 ? t.slice(20, -1).padEnd(9, '0') : '000000000';
  if (nsSeconds === '') return (BigInt(Date.parse(`${prefix}Z`) / 1000) * 1_000_000_000n + BigInt(frac)).toString();
  return nsSeconds + frac;
}

/**
 * CSV text per table, written into growing Buffers as lines are made: the line strings die
 * young (cheap for the GC) instead of piling up until the flush. Lines are first joined into a
 * short pending string (~16 KB) and written to the Buffer in one call: one Buffer.write per
 * line was ~0.4 us of the receive thread per message.
 */
export class CsvBuffer {
  private buf = Buffer.allocUnsafe(1 << 16);
  private pending = '';
  private written = 0;
  lines = 0;

  push(line: string): void {
    this.pending += line;
    this.lines++;
    if (this.pending.length >= 16_384) this.drain();
  }

  private drain(): void {
    const text = this.pending;
    this.pending = '';
    const need = this.written + text.length * 3;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.written);
      this.buf = next;
    }
    this.written += this.buf.write(text, this.written, 'utf8');
  }

  /** Bytes written so far. */
  get length(): number {
    if (this.pending) this.drain();
    return this.written;
  }

  bytes(): Buffer {
    if (this.pending) this.drain();
    return this.buf.subarray(0, this.written);
  }
}

const emptyLines = (): Record<CsvTable, CsvBuffer> => ({ quotes: new CsvBuffer(), bars: new CsvBuffer(), events: new CsvBuffer(), quarantine: new CsvBuffer() });

export interface BatchContent {
  lines: Record<CsvTable, CsvBuffer>;
  trades: TradeColumns;
  rows: number;
  /** (receivedMs, messages) per frame, for receive-to-commit latency. */
  frames: Array<[number, number]>;
  maxTradeTs?: string;
}

/** Dictionaries above this size are dropped between batches (hostile feeds cannot grow them forever). */
const DICTIONARY_LIMIT = 50_000;

export class BatchBuilder {
  private lines: Record<CsvTable, CsvBuffer> = emptyLines();
  private frames: Array<[number, number]> = [];
  rows = 0;
  firstReceivedMs = 0;
  /** Reads msgpack trades from frame bytes; its dictionaries are the trade columns' dictionaries. */
  private readonly tradeReader: MsgpackContractReader;
  /** The reader's field numbers (its num / ref slots). */
  private readonly f: { symbol: number; id: number; exchange: number; price: number; size: number; conditions: number; tape: number };
  private dictionaries!: { symbols: StringDictionary; exchanges: StringDictionary; conditions: StringDictionary; tapes: StringDictionary };
  private trades: TradeColumns;
  /** De-dup bucket numbers by (symbol number, exchange number): no lookup by string per trade. */
  private buckets: Array<number | undefined> = [];
  /** Earliest trade time (sec, nsec) of the latest frame, for gap detection after a reconnect. */
  private frameMinSec = Infinity;
  private frameMinNsec = 0;

  constructor(
    private readonly dedup: Dedup,
    readonly stats: BuilderStats,
    /** Bar timeframe for REST bar rows (backfill/repair). */
    private readonly restTimeframe = '1Min',
  ) {
    const reader = MsgpackContractReader.compile(streamJsonSchema('t'));
    if (!reader) throw new Error('the trade contract uses a rule MsgpackContractReader does not know: extend msgpack-contract.ts');
    this.tradeReader = reader;
    const f = (name: string): number => reader.field(name);
    this.f = { symbol: f('S'), id: f('i'), exchange: f('x'), price: f('p'), size: f('s'), conditions: f('c'), tape: f('z') };
    this.trades = this.newTrades();
  }

  /** A new, empty trade batch on the reader's current dictionaries. */
  private newTrades(capacity = 0): TradeColumns {
    const r = this.tradeReader;
    this.dictionaries = { symbols: r.dictionary('S'), exchanges: r.dictionary('x'), conditions: r.dictionary('c'), tapes: r.dictionary('z') };
    return new TradeColumns(this.dictionaries, capacity);
  }

  /** Symbols of the trades seen so far (since the dictionaries last started over). */
  symbolsSeen(): readonly string[] {
    return this.dictionaries.symbols.values;
  }

  /** Latest trade time in the current batch (RFC 3339). */
  get maxTradeTs(): string | undefined {
    return this.trades.maxTs();
  }

  /** Earliest trade added from the latest frame (RFC 3339), if any. */
  frameMinTradeTs(): string | undefined {
    return this.frameMinSec === Infinity ? undefined : formatRfc3339(this.frameMinSec, this.frameMinNsec);
  }

  /**
   * Adds every message of a msgpack frame. Trades the byte reader accepts go straight to the
   * columns; any other message is decoded on its own and takes the object path. Should the
   * bytes break off or turn corrupt, the messages before stay and the rest of the frame goes to
   * quarantine as raw bytes; a frame that is not an array at all throws MsgpackFrameError.
   */
  addMsgpackFrame(buf: Buffer, receivedMs: number, source: RowSource): void {
    const { count, start } = frameArray(buf);
    this.frame(receivedMs, count);
    const reader = this.tradeReader;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    let pos = start;
    for (let k = 0; k < count; k++) {
      const next = pos < buf.length ? reader.read(buf, view, pos) : -1;
      if (next >= 0) {
        this.stats.messages++;
        this.addReadTrade(reader, receivedMs, source);
        pos = next;
        continue;
      }
      let end: number;
      try {
        end = skipValue(buf, pos, 0);
      } catch (e) {
        return this.quarantineBytes(buf.subarray(pos), `undecodable frame from message ${k + 1} of ${count}: ${(e as Error).message}`, receivedMs);
      }
      let message: unknown;
      try {
        message = decodeMessage(buf.subarray(pos, end));
      } catch (e) {
        this.quarantineBytes(buf.subarray(pos, end), `undecodable message: ${e instanceof Error ? e.message : String(e)}`, receivedMs);
        pos = end;
        continue;
      }
      this.add(message, receivedMs, source);
      pos = end;
    }
    if (pos < buf.length) this.quarantineBytes(buf.subarray(pos), `${buf.length - pos} byte(s) after the frame's ${count} message(s)`, receivedMs);
  }

  private quarantineBytes(bytes: Buffer, reason: string, receivedMs: number): void {
    this.quarantine('alpaca.frame.v1', reason, JSON.stringify({ base64: bytes.subarray(0, 10_000).toString('base64') }), receivedMs);
  }

  private addReadTrade(r: MsgpackContractReader, receivedMs: number, source: RowSource): void {
    const f = this.f;
    const symbol = r.ref[f.symbol]!;
    const exchange = r.ref[f.exchange]!;
    const id = r.num[f.id]!;
    const slot = symbol * 32 + exchange; // exchanges are one capital letter: fewer than 32
    let bucket = this.buckets[slot];
    if (bucket === undefined) {
      // Filled densely: an array written at scattered indexes falls back to slow dictionary storage.
      while (this.buckets.length <= slot) this.buckets.push(undefined);
      this.buckets[slot] = bucket = this.dedup.bucket(this.dictionaries.symbols.values[symbol]!, this.dictionaries.exchanges.values[exchange]!);
    }
    if (!this.dedup.addTradeIn(bucket, id)) {
      this.stats.duplicates++;
      return;
    }
    const c = r.ref[f.conditions]!;
    const conditions = c >= 0 && this.dictionaries.conditions.values[c] !== '' ? c : -1; // [] is no conditions, as in the object path
    this.pushTrade(symbol, id, exchange, r.num[f.price]!, r.num[f.size]!, conditions, r.ref[f.tape]!, r.sec, r.nsec, receivedMs, source);
  }

  private pushTrade(symbol: number, id: number, exchange: number, price: number, size: number, conditions: number, tape: number, sec: number, nsec: number, receivedMs: number, source: RowSource): void {
    this.trades.push(symbol, id, exchange, price, size, conditions, tape, sec, nsec, receivedMs, source);
    if (sec < this.frameMinSec || (sec === this.frameMinSec && nsec < this.frameMinNsec)) {
      this.frameMinSec = sec;
      this.frameMinNsec = nsec;
    }
    this.stats.trades++;
    this.rows++;
  }

  /** Records a frame's arrival (for latency accounting); its messages follow through add(). */
  frame(receivedMs: number, messages: number): void {
    this.frameMinSec = Infinity;
    if (this.frames.length === 0) this.firstReceivedMs = receivedMs;
    this.frames.push([receivedMs, messages]);
  }

  quarantine(contract: string, reason: string, raw: string, receivedMs: number, source = 'alpaca'): void {
    this.lines.quarantine.push(`${source},${q(contract)},${q(reason)},${q(raw)},${receivedMs}\n`);
    this.stats.quarantined++;
    this.rows++;
  }

  /** Adds one decoded message. */
  add(m: unknown, receivedMs: number, source: RowSource): void {
    this.stats.messages++;
    const msg = m as Record<string, unknown>;
    const type = typeof m === 'object' && m !== null ? msg.T : undefined;
    switch (type) {
      case 't': {
        if (!vTrade.check(m)) return this.reject(vTrade.id, vTrade.reason(m), m, receivedMs);
        const t = msg as { S: string; i: number; x: string; p: number; s: number; c?: string[]; t: string; z?: string };
        if (!this.dedup.addTrade(t.S, t.i, t.x)) {
          this.stats.duplicates++;
          return;
        }
        const d = this.dictionaries;
        const joined = t.c?.join(',') ?? '';
        const time = parseRfc3339(t.t)!; // the contract guarantees the RFC 3339 "Z" form
        this.pushTrade(d.symbols.id(t.S), t.i, d.exchanges.id(t.x), t.p, t.s, joined === '' ? -1 : d.conditions.id(joined), t.z === undefined ? -1 : d.tapes.id(t.z), time.sec, time.nsec, receivedMs, source);
        return;
      }
      case 'q': {
        if (!vQuote.check(m)) return this.reject(vQuote.id, vQuote.reason(m), m, receivedMs);
        const x = msg as { S: string; bx?: string; bp: number; bs: number; ax?: string; ap: number; as: number; c?: string[]; t: string; z?: string };
        if (!this.dedup.add(`q|${x.S}|${x.t}|${x.bx}|${x.ax}|${x.bp}|${x.ap}`)) {
          this.stats.duplicates++;
          return;
        }
        this.lines.quotes.push(`${x.S},${x.bx ?? ''},${x.bp},${x.bs},${x.ax ?? ''},${x.ap},${x.as},"${x.c ? x.c.join(',') : ''}",${x.z ?? ''},${nsDigits(x.t)},${receivedMs},${source}\n`);
        this.stats.quotes++;
        this.rows++;
        return;
      }
      case 'b':
      case 'd':
      case 'u':
      case 'rest-bar': {
        const probe = type === 'rest-bar' ? { ...msg, T: 'b' } : m;
        if (!vBar.check(probe)) return this.reject(vBar.id, vBar.reason(probe), m, receivedMs);
        const b = msg as { S: string; o: number; h: number; l: number; c: number; v: number; n?: number | null; vw?: number | null; t: string };
        const barType = type === 'rest-bar' ? 'rest' : (type as string);
        const tf = type === 'rest-bar' ? this.restTimeframe : BAR_TIMEFRAME[type as string]!;
        // Minute bars from the stream and REST are the same bar: one key, so a repair adds nothing twice.
        const kind = barType === 'd' ? `d|${b.v}` : barType === 'u' ? 'u' : 'b';
        if (!this.dedup.add(`bar|${b.S}|${tf}|${kind}|${b.t}`)) {
          this.stats.duplicates++;
          return;
        }
        this.lines.bars.push(`${b.S},${tf},${barType},${b.o},${b.h},${b.l},${b.c},${b.v},${b.n ?? ''},${b.vw ?? ''},${nsDigits(b.t)},${receivedMs},${source}\n`);
        this.stats.bars++;
        this.rows++;
        return;
      }
      default:
        return this.addEvent(msg, type, receivedMs, source);
    }
  }

  private addEvent(msg: Record<string, unknown>, type: unknown, receivedMs: number, source: RowSource): void {
    if (typeof type !== 'string') return this.reject('alpaca.message.v1', 'message is not an object with a string T', msg, receivedMs);
    const contract = streamValidators.get(type);
    if (contract && !contract.check(msg)) return this.reject(contract.id, contract.reason(msg), msg, receivedMs);
    if (!contract) this.stats.unknownTypes++;
    const payload = JSON.stringify(msg);
    if (!this.dedup.add(`ev|${payload}`)) {
      this.stats.duplicates++;
      return;
    }
    const symbol = typeof msg.S === 'string' ? msg.S : '';
    const ts = typeof msg.t === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(msg.t) ? nsDigits(msg.t) : '';
    const eventType = contract ? type : `unknown:${type.slice(0, 20)}`;
    this.lines.events.push(`${q(eventType)},${q(symbol)},${q(payload)},${ts},${receivedMs},${source}\n`);
    this.stats.events++;
    this.rows++;
  }

  private reject(contract: string, reason: string, m: unknown, receivedMs: number): void {
    let raw: string;
    try {
      // 64-bit integers beyond 2^53 arrive as bigint: keep their digits in the raw payload
      raw = JSON.stringify(m, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'undefined';
    } catch {
      raw = String(m);
    }
    this.quarantine(contract, reason, raw, receivedMs);
  }

  /** Hands over the batch content and starts a new one. */
  take(): BatchContent {
    const out: BatchContent = { lines: this.lines, trades: this.trades, rows: this.rows, frames: this.frames, maxTradeTs: this.maxTradeTs };
    this.lines = emptyLines();
    this.frames = [];
    this.rows = 0;
    if (Object.values(this.dictionaries).some((d) => d.size > DICTIONARY_LIMIT)) {
      // The batch just taken keeps its dictionaries; the next one starts with fresh ones.
      this.tradeReader.renewDictionaries();
      this.buckets = [];
    }
    this.trades = this.newTrades(out.trades.rows);
    return out;
  }
}
