/**
 * Bounded de-duplication of recent message keys (two generations, so memory stays bounded while
 * keys from the recent past are always remembered).
 *
 * Trade keys are (symbol, exchange) buckets of numeric ids, and a venue numbers its trades in
 * increasing order: an id above every id its bucket has seen is new for certain. That case, nearly
 * every trade, costs one look at the bucket's highest id and an append to one log per generation
 * (sequential memory; per-bucket structures missed the cache at every trade). Only an id at or
 * below its bucket's highest (a reordered or repeated frame, a gap repair) needs the bucket's
 * history: the log is then sorted out into per-bucket ascending arrays, which are binary-searched;
 * new out-of-order ids are kept in a per-bucket Set. No string is built per trade (string keys
 * made garbage collection the top cost of the hot path).
 */
class TradeGeneration {
  /** Highest in-order id per bucket number (-Infinity = none). */
  last: Float64Array;
  private logIds = new Float64Array(1 << 16);
  private logBuckets = new Int32Array(1 << 16);
  private logLength = 0;
  /** Log entries already sorted into `byBucket`. */
  private sortedOut = 0;
  private readonly byBucket: number[][] = [];
  private readonly extra = new Map<number, Set<number>>();

  constructor(buckets: number) {
    this.last = new Float64Array(Math.max(64, buckets)).fill(-Infinity);
  }

  /** Records an id above the bucket's highest. */
  append(bucket: number, id: number): void {
    if (this.logLength === this.logIds.length) {
      const ids = new Float64Array(this.logLength * 2);
      ids.set(this.logIds);
      this.logIds = ids;
      const buckets = new Int32Array(this.logLength * 2);
      buckets.set(this.logBuckets);
      this.logBuckets = buckets;
    }
    this.logIds[this.logLength] = id;
    this.logBuckets[this.logLength++] = bucket;
    this.last[bucket] = id;
  }

  /** Records an id at or below the bucket's highest. */
  addLate(bucket: number, id: number): void {
    let set = this.extra.get(bucket);
    if (!set) this.extra.set(bucket, (set = new Set()));
    set.add(id);
  }

  has(bucket: number, id: number): boolean {
    if (this.extra.get(bucket)?.has(id)) return true;
    if (!(id <= this.last[bucket]!)) return false;
    for (; this.sortedOut < this.logLength; this.sortedOut++) {
      const b = this.logBuckets[this.sortedOut]!;
      (this.byBucket[b] ??= []).push(this.logIds[this.sortedOut]!);
    }
    const ids = this.byBucket[bucket];
    if (!ids) return false;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Makes room for bucket numbers below n. */
  fit(n: number): void {
    if (n <= this.last.length) return;
    const last = new Float64Array(Math.max(n, this.last.length * 2)).fill(-Infinity);
    last.set(this.last);
    this.last = last;
  }
}

export class Dedup {
  private readonly bucketNumbers = new Map<string, number>();
  private current = new TradeGeneration(0);
  private previous: TradeGeneration | undefined;
  private currentStrings = new Set<string>();
  private previousStrings = new Set<string>();
  private count = 0;

  constructor(private readonly generationSize = 2_000_000) {}

  private tick(): void {
    if (++this.count < this.generationSize) return;
    this.previous = this.current;
    this.current = new TradeGeneration(this.bucketNumbers.size);
    this.previousStrings = this.currentStrings;
    this.currentStrings = new Set();
    this.count = 0;
  }

  /** The bucket number of (symbol, exchange), for addTradeIn. */
  bucket(symbol: string, exchange: string): number {
    const key = `${symbol}|${exchange}`;
    let b = this.bucketNumbers.get(key);
    if (b === undefined) {
      b = this.bucketNumbers.size;
      this.bucketNumbers.set(key, b);
      this.current.fit(b + 1);
      this.previous?.fit(b + 1);
    }
    return b;
  }

  /** Trade identity: (symbol, trade id, exchange). True when new (and records it). */
  addTrade(symbol: string, id: number, exchange: string): boolean {
    return this.addTradeIn(this.bucket(symbol, exchange), id);
  }

  /** addTrade by bucket number (from bucket()). */
  addTradeIn(bucket: number, id: number): boolean {
    const cur = this.current;
    const prev = this.previous;
    if (id > cur.last[bucket]! && (!prev || id > prev.last[bucket]!)) cur.append(bucket, id);
    else if (cur.has(bucket, id) || prev?.has(bucket, id)) return false;
    else cur.addLate(bucket, id);
    this.tick();
    return true;
  }

  /** Any other key. True when new (and records it). */
  add(key: string): boolean {
    if (this.currentStrings.has(key) || this.previousStrings.has(key)) return false;
    this.currentStrings.add(key);
    this.tick();
    return true;
  }
}

/** Compares two RFC 3339 UTC timestamps (Z form) by time, without allocating. */
export function compareTs(a: string, b: string): number {
  for (let i = 0; i < 19; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  // fractions: ".123Z" vs "Z"; compare digit by digit, missing digits count as 0
  for (let i = 20; i < 29; i++) {
    const ca = i < a.length - 1 && a.charCodeAt(19) === 46 ? a.charCodeAt(i) : 48;
    const cb = i < b.length - 1 && b.charCodeAt(19) === 46 ? b.charCodeAt(i) : 48;
    if (ca !== cb) return ca - cb;
  }
  return 0;
}
