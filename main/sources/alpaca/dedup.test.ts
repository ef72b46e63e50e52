import { describe, expect, it } from 'vitest';
import { Dedup } from './dedup';

/** The plain model of Dedup: two generations of string keys. */
class ModelDedup {
  private current = new Set<string>();
  private previous = new Set<string>();
  private count = 0;
  constructor(private readonly size: number) {}
  add(key: string): boolean {
    if (this.current.has(key) || this.previous.has(key)) return false;
    this.current.add(key);
    if (++this.count >= this.size) [this.previous, this.current, this.count] = [this.current, new Set(), 0];
    return true;
  }
}

describe('Dedup trade ids', () => {
  it('answers exactly like two generations of key sets, for in-order, reordered, repeated and late ids', () => {
    let seed = 42;
    const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (const generationSize of [7, 100, 5000]) {
      const dedup = new Dedup(generationSize);
      const model = new ModelDedup(generationSize);
      const next = new Map<string, number>();
      const sent: Array<[string, number, string]> = [];
      for (let i = 0; i < 40_000; i++) {
        const symbol = ['AAPL', 'MSFT', 'IBM'][Math.floor(rand() * 3)]!;
        const exchange = ['V', 'Q'][Math.floor(rand() * 2)]!;
        const key = symbol + exchange;
        let trade: [string, number, string];
        const r = rand();
        if (r < 0.1 && sent.length > 0) trade = sent[Math.floor(rand() * sent.length)]!; // repeat of any earlier trade
        else if (r < 0.2) trade = [symbol, Math.floor(rand() * (next.get(key) ?? 1)), exchange]; // late or reordered id
        else {
          const id = (next.get(key) ?? 1e12) + 1 + Math.floor(rand() * 3); // increasing, with gaps, beyond 2^32
          next.set(key, id);
          trade = [symbol, id, exchange];
        }
        sent.push(trade);
        expect(dedup.addTrade(...trade)).toBe(model.add(`${trade[0]}|${trade[1]}|${trade[2]}`));
      }
    }
  });
});
