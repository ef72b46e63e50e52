/**
 * Bounded de-duplication of recent message keys (two generations, so memory stays bounded while
 * keys from the recent past are always remembered). Trade keys live in one bucket of numeric ids
 * per (symbol, exchange): no string is built per trade (string keys made garbage collection the
 * top cost of the ingest hot path), and the hot path keeps bucket objects at hand by symbol and
 * exchange number. Buckets catch up with a generation change lazily, on their next use.
 */

/**
 * One generation of a bucket's trade ids. A venue numbers its trades in increasing order, so
 * nearly every new id is above all earlier ones: it is appended to a sorted typed array (no
 * hashing, 8 bytes per id). Ids arriving out of order (reordered frames, gap repair) go to a
 * Set; lookups binary-search the array.
 */
class IdGeneration {
  private sorted = new Float64Array(64);
  private length = 0;
  private extra: Set<number> | undefined;
  /** Highest id in the array (-Infinity when empty). */
  last = -Infinity;

  append(id: number): void {
    if (this.length === this.sorted.length) {
      const grown = new Float64Array(this.length * 2);
      grown.set(this.sorted);
      this.sorted = grown;
    }
    this.sorted[this.length++] = id;
    this.last = id;
  }

  add(id: number): void {
    if (id > this.last) this.append(id);
    else (this.extra ??= new Set()).add(id);
  }

  has(id: number): boolean {
    if (this.extra?.has(id)) return true;
    if (id > this.last) return false;
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.sorted[mid]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

export class TradeIdBucket {
  current = new IdGeneration();
  previous: IdGeneration | undefined;
  constructor(public generation: number) {}
}

export class Dedup {
  private readonly buckets = new Map<string, TradeIdBucket>();
  private currentStrings = new Set<string>();
  private previousStrings = new Set<string>();
  private generation = 0;
  private count = 0;

  constructor(private readonly generationSize = 2_000_000) {}

  private tick(): void {
    if (++this.count < this.generationSize) return;
    this.generation++;
    this.previousStrings = this.currentStrings;
    this.currentStrings = new Set();
    this.count = 0;
  }

  /** The id bucket of (symbol, exchange), for addTradeIn. */
  bucket(symbol: string, exchange: string): TradeIdBucket {
    const key = `${symbol}|${exchange}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new TradeIdBucket(this.generation)));
    return b;
  }

  /** Trade identity: (symbol, trade id, exchange). True when new (and records it). */
  addTrade(symbol: string, id: number, exchange: string): boolean {
    return this.addTradeIn(this.bucket(symbol, exchange), id);
  }

  addTradeIn(b: TradeIdBucket, id: number): boolean {
    if (b.generation !== this.generation) {
      b.previous = b.generation === this.generation - 1 ? b.current : undefined;
      b.current = new IdGeneration();
      b.generation = this.generation;
    }
    const cur = b.current;
    const prev = b.previous;
    if (id > cur.last && (!prev || id > prev.last)) cur.append(id); // in order: new for certain
    else if (cur.has(id) || prev?.has(id)) return false;
    else cur.add(id);
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
