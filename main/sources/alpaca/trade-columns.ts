/**
 * A micro-batch of bronze trades held as columns (typed arrays and dictionary numbers) and
 * written as one Parquet file in the layout of bronze.alpaca_trades. Rows cost no objects and
 * no text: the Parquet file is close to a copy of these arrays, which is what lets the ingest
 * keep up with several hundred thousand trades per second.
 */
import type { ParquetColumn } from '../../lake/write/parquet-columns';
import { encodeParquetColumns } from '../../lake/write/parquet-columns';
import { formatRfc3339 } from '../../../pipelines/market/rfc3339';

/** What TradeColumns needs of a dictionary: its values by number. */
interface Dictionary {
  readonly values: readonly string[];
}

export type RowSource = 'stream' | 'repair' | 'backfill';
const SOURCES: readonly RowSource[] = ['stream', 'repair', 'backfill'];
const SOURCE_ID: Record<RowSource, number> = { stream: 0, repair: 1, backfill: 2 };

export interface TradeDictionaries {
  symbols: Dictionary;
  exchanges: Dictionary;
  conditions: Dictionary;
  tapes: Dictionary;
}

/**
 * A batch's columns as plain arrays, to move it to another thread: the typed arrays can be
 * transferred (buffers()), the dictionaries are copies as of parts().
 */
export interface TradeColumnParts {
  rows: number;
  arrays: { symbol: Int32Array; id: Float64Array; exchange: Int32Array; price: Float64Array; size: Float64Array; conditions: Int32Array; tape: Int32Array; sec: Float64Array; nsec: Int32Array; received: Float64Array; source: Int32Array };
  dictionaries: { symbols: string[]; exchanges: string[]; conditions: string[]; tapes: string[] };
  maxSec: number;
  maxNsec: number;
}

const TWO_32 = 4294967296;

/** Writes an exact integer (|v| < 2^53) as int64 into the [lo, hi] Int32 pair at i. */
function putInt64(out: Int32Array, i: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  out[2 * i] = v - hi * TWO_32;
  out[2 * i + 1] = hi;
}

/** Epoch microseconds and nanoseconds of (sec, nsec) as int64, without BigInt for sane times. */
function putTimes(us: Int32Array, ns: Int32Array, i: number, sec: number, nsec: number): void {
  const micros = sec * 1e6 + Math.floor(nsec / 1000);
  if (Math.abs(sec) < 9e9) {
    putInt64(us, i, micros);
    const hi = Math.floor(micros / TWO_32);
    const low = (micros - hi * TWO_32) * 1000 + (nsec % 1000); // < 2^42: exact
    const carry = Math.floor(low / TWO_32);
    ns[2 * i] = low - carry * TWO_32;
    ns[2 * i + 1] = hi * 1000 + carry;
    return;
  }
  const total = BigInt(sec) * 1_000_000_000n + BigInt(nsec);
  const floorUs = total / 1000n - (total < 0n && total % 1000n !== 0n ? 1n : 0n);
  new BigInt64Array(us.buffer, us.byteOffset + 8 * i, 1)[0] = floorUs;
  new BigInt64Array(ns.buffer, ns.byteOffset + 8 * i, 1)[0] = total;
}

export class TradeColumns {
  rows = 0;
  private capacity = 0;
  private symbol = new Int32Array(0);
  private id = new Float64Array(0);
  private exchange = new Int32Array(0);
  private price = new Float64Array(0);
  private size = new Float64Array(0);
  private conditions = new Int32Array(0);
  private tape = new Int32Array(0);
  private sec = new Float64Array(0);
  private nsec = new Int32Array(0);
  private received = new Float64Array(0);
  /** Index into SOURCES (Int32, so it is the Parquet dictionary column as it stands). */
  private source = new Int32Array(0);
  private maxSec = -Infinity;
  private maxNsec = 0;

  constructor(
    readonly dictionaries: TradeDictionaries,
    /** Rows to make room for up front (the previous batch's size saves the growth copies). */
    capacity = 0,
  ) {
    if (capacity > 0) this.grow(capacity);
  }

  parts(): TradeColumnParts {
    const d = this.dictionaries;
    return {
      rows: this.rows,
      arrays: { symbol: this.symbol, id: this.id, exchange: this.exchange, price: this.price, size: this.size, conditions: this.conditions, tape: this.tape, sec: this.sec, nsec: this.nsec, received: this.received, source: this.source },
      dictionaries: { symbols: [...d.symbols.values], exchanges: [...d.exchanges.values], conditions: [...d.conditions.values], tapes: [...d.tapes.values] },
      maxSec: this.maxSec,
      maxNsec: this.maxNsec,
    };
  }

  static fromParts(p: TradeColumnParts): TradeColumns {
    const d = p.dictionaries;
    const c = new TradeColumns({ symbols: { values: d.symbols }, exchanges: { values: d.exchanges }, conditions: { values: d.conditions }, tapes: { values: d.tapes } });
    Object.assign(c, p.arrays);
    c.rows = p.rows;
    c.capacity = p.arrays.symbol.length;
    c.maxSec = p.maxSec;
    c.maxNsec = p.maxNsec;
    return c;
  }

  /** The buffers behind parts().arrays (a transfer list). */
  static buffers(p: TradeColumnParts): ArrayBuffer[] {
    return Object.values(p.arrays).map((a) => a.buffer as ArrayBuffer);
  }

  /** Appends one validated, de-duplicated trade; string fields are dictionary numbers, -1 = null. */
  push(symbol: number, id: number, exchange: number, price: number, size: number, conditions: number, tape: number, sec: number, nsec: number, receivedMs: number, source: RowSource): void {
    if (this.rows === this.capacity) this.grow();
    const r = this.rows++;
    this.symbol[r] = symbol;
    this.id[r] = id;
    this.exchange[r] = exchange;
    this.price[r] = price;
    this.size[r] = size;
    this.conditions[r] = conditions;
    this.tape[r] = tape;
    this.sec[r] = sec;
    this.nsec[r] = nsec;
    this.received[r] = receivedMs;
    this.source[r] = SOURCE_ID[source];
    if (sec > this.maxSec || (sec === this.maxSec && nsec > this.maxNsec)) {
      this.maxSec = sec;
      this.maxNsec = nsec;
    }
  }

  /** Latest event time in the batch (RFC 3339), undefined when empty. */
  maxTs(): string | undefined {
    return this.rows === 0 ? undefined : formatRfc3339(this.maxSec, this.maxNsec);
  }

  /** The batch as a Parquet file with bronze.alpaca_trades' columns. */
  toParquet(batchId: string): Buffer {
    const n = this.rows;
    const int64 = (): [BigInt64Array, Int32Array] => {
      const values = new BigInt64Array(n);
      return [values, new Int32Array(values.buffer)];
    };
    const [tradeId, tradeIdWords] = int64();
    const [size, sizeWords] = int64();
    const [ts, tsWords] = int64();
    const [tsNs, tsNsWords] = int64();
    const [receivedAt, receivedWords] = int64();
    const batchIds = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      putInt64(tradeIdWords, r, this.id[r]!);
      putInt64(sizeWords, r, this.size[r]!);
      putTimes(tsWords, tsNsWords, r, this.sec[r]!, this.nsec[r]!);
      putInt64(receivedWords, r, this.received[r]! * 1000);
    }
    const d = this.dictionaries;
    const columns: ParquetColumn[] = [
      { name: 'symbol', kind: 'string', indices: this.symbol, dictionary: d.symbols.values },
      { name: 'trade_id', kind: 'int64', values: tradeId },
      { name: 'exchange', kind: 'string', indices: this.exchange, dictionary: d.exchanges.values },
      { name: 'price', kind: 'double', values: this.price },
      { name: 'size', kind: 'int64', values: size },
      { name: 'conditions', kind: 'string', indices: this.conditions, dictionary: d.conditions.values },
      { name: 'tape', kind: 'string', indices: this.tape, dictionary: d.tapes.values },
      { name: 'ts', kind: 'int64', values: ts, logical: 'timestamp-micros' },
      { name: 'ts_ns', kind: 'int64', values: tsNs },
      { name: 'source', kind: 'string', indices: this.source, dictionary: SOURCES },
      { name: 'received_at', kind: 'int64', values: receivedAt, logical: 'timestamp-micros' },
      { name: 'batch_id', kind: 'string', indices: batchIds, dictionary: [batchId] },
    ];
    return encodeParquetColumns({ rows: n, columns });
  }

  private grow(atLeast = 0): void {
    const capacity = Math.max(4096, this.capacity * 2, atLeast);
    const grown = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(a);
      return next;
    };
    this.symbol = grown(this.symbol, (k) => new Int32Array(k));
    this.id = grown(this.id, (k) => new Float64Array(k));
    this.exchange = grown(this.exchange, (k) => new Int32Array(k));
    this.price = grown(this.price, (k) => new Float64Array(k));
    this.size = grown(this.size, (k) => new Float64Array(k));
    this.conditions = grown(this.conditions, (k) => new Int32Array(k));
    this.tape = grown(this.tape, (k) => new Int32Array(k));
    this.sec = grown(this.sec, (k) => new Float64Array(k));
    this.nsec = grown(this.nsec, (k) => new Int32Array(k));
    this.received = grown(this.received, (k) => new Float64Array(k));
    this.source = grown(this.source, (k) => new Int32Array(k));
    this.capacity = capacity;
  }
}
