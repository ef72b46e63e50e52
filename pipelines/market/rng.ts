/**
 * Deterministic pseudo-random numbers for the synthetic tape: the same seed, symbol and day
 * always give the same trades, so REST answers, the live stream and tests agree.
 */

/** FNV-1a 32-bit hash of a string: turns (seed, symbol, date) into a PRNG seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Exponential with mean 1. */
  exp(): number;
}

/** mulberry32: tiny, fast, good enough for simulation (not for cryptography). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = next();
      while (u <= 1e-12) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int(lo, hi) {
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    exp() {
      let u = next();
      while (u <= 1e-12) u = next();
      return -Math.log(u);
    },
  };
}

export function rngFor(seed: number, ...parts: string[]): Rng {
  return createRng(hash32(`${seed}|${parts.join('|')}`));
}
