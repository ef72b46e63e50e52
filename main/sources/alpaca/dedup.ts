/**
 * Bounded de-duplication of recent message keys (two generations, so memory stays bounded while
 * keys from the recent past are always remembered). Trade keys are (symbol, exchange) buckets
 * of numeric ids: no string is built per trade, which matters at 10^5-10^6 messages/s (string
 * keys made garbage collection the top cost of the ingest hot path).
 */
export class Dedup {
  private current = new Map<string, Set<number>>();
  private previous = new Map<string, Set<number>>();
  private currentStrings = new Set<string>();
  private previousStrings = new Set<string>();
  private count = 0;

  constructor(private readonly generationSize = 2_000_000) {}

  private rotate(): void {
    if (++this.count < this.generationSize) return;
    this.previous = this.current;
    this.current = new Map();
    this.previousStrings = this.currentStrings;
    this.currentStrings = new Set();
    this.count = 0;
  }

  /** Trade identity: (symbol, trade id, exchange). True when new (and records it). */
  addTrade(symbol: string, id: number, exchange: string): boolean {
    const bucket = symbol + exchange;
    let cur = this.current.get(bucket);
    if (cur?.has(id) || this.previous.get(bucket)?.has(id)) return false;
    if (!cur) this.current.set(bucket, (cur = new Set()));
    cur.add(id);
    this.rotate();
    return true;
  }

  /** Any other key. True when new (and records it). */
  add(key: string): boolean {
    if (this.currentStrings.has(key) || this.previousStrings.has(key)) return false;
    this.currentStrings.add(key);
    this.rotate();
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
