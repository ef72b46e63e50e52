/**
 * The ingest hot path: each message is checked by its compiled contract, de-duplicated, and
 * appended as one CSV line to its bronze table's batch (DuckDB reads these files natively and
 * in parallel, which is far cheaper than building rows in JS). Invalid messages become
 * quarantine lines with the zod reason and the raw JSON; unknown types are counted and kept in
 * alpaca_events.
 */
import { streamValidators } from '../../../pipelines/contracts/alpaca/index';
import type { BronzeKey } from './bronze-tables';
import { compareTs, type Dedup } from './dedup';

export type RowSource = 'stream' | 'repair' | 'backfill';

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

/** Condition flags as one field; most trades carry one or two, so skip Array.join for those. */
const joinConditions = (c: string[]): string => (c.length === 1 ? c[0]! : c.length === 2 ? `${c[0]},${c[1]}` : c.join(','));

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

const emptyLines = (): Record<BronzeKey, CsvBuffer> => ({ trades: new CsvBuffer(), quotes: new CsvBuffer(), bars: new CsvBuffer(), events: new CsvBuffer(), quarantine: new CsvBuffer() });

export interface BatchContent {
  lines: Record<BronzeKey, CsvBuffer>;
  rows: number;
  /** (receivedMs, messages) per frame, for receive-to-commit latency. */
  frames: Array<[number, number]>;
  maxTradeTs?: string;
}

export class BatchBuilder {
  private lines: Record<BronzeKey, CsvBuffer> = emptyLines();
  private frames: Array<[number, number]> = [];
  rows = 0;
  maxTradeTs: string | undefined;
  firstReceivedMs = 0;

  constructor(
    private readonly dedup: Dedup,
    readonly stats: BuilderStats,
    /** Bar timeframe for REST bar rows (backfill/repair). */
    private readonly restTimeframe = '1Min',
  ) {}

  private endMs = -1;
  private endSource = '';
  private end = '';
  /** The `,received_ms,source` line ending, made once per frame instead of once per trade. */
  private lineEnd(receivedMs: number, source: RowSource): string {
    if (receivedMs !== this.endMs || source !== this.endSource) {
      this.endMs = receivedMs;
      this.endSource = source;
      this.end = `,${receivedMs},${source}\n`;
    }
    return this.end;
  }

  /** Records a frame's arrival for latency accounting. */
  frame(receivedMs: number, messages: number): void {
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
        this.lines.trades.push(`${t.S},${t.i},${t.x},${t.p},${t.s},"${t.c ? joinConditions(t.c) : ''}",${t.z ?? ''},${nsDigits(t.t)}${this.lineEnd(receivedMs, source)}`);
        if (this.maxTradeTs === undefined || compareTs(t.t, this.maxTradeTs) > 0) this.maxTradeTs = t.t;
        this.stats.trades++;
        this.rows++;
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
      raw = JSON.stringify(m) ?? 'undefined';
    } catch {
      raw = String(m);
    }
    this.quarantine(contract, reason, raw, receivedMs);
  }

  /** Hands over the batch content and starts a new one. */
  take(): BatchContent {
    const out: BatchContent = { lines: this.lines, rows: this.rows, frames: this.frames, maxTradeTs: this.maxTradeTs };
    this.lines = emptyLines();
    this.frames = [];
    this.rows = 0;
    this.maxTradeTs = undefined;
    return out;
  }
}
