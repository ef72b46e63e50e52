/**
 * Deterministic randomness for the offline Reddit server (same seed -> same site), on the same
 * mulberry32 generator and FNV-1a seeding as the market tape.
 */
import { createRng, hash32 } from '../../../pipelines/market/rng';

export { hash32 };

export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = createRng(seed).next;
  }
  static for(...parts: Array<string | number>): Rng {
    return new Rng(hash32(parts.join('|')));
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Poisson by inversion (small means only). */
  poisson(mean: number): number {
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l && k < 1000);
    return k - 1;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}
