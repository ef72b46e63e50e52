import { describe, expect, it } from 'vitest';
import { backtestModel } from '../forecast-api';
import { evaluate } from './evaluate';
import { dieboldMariano, losses, qlikeFloor } from './metrics';
import { syntheticSeries } from './synthetic';

/**
 * A planted signal: yesterday's sentiment moves today's log variance. The sentiment-augmented
 * Prophet-style model must beat both HAR and itself without sentiment significantly (DM <= -2);
 * with sentiment that is pure noise there must be no significant gain.
 */
function run(gamma: number, seed: number) {
  const series = syntheticSeries({ days: 1200, seed, gamma });
  const opts = { series, horizons: [1], refitEvery: 22, oosStart: 600 };
  const results = ['har', 'prophet', 'prophet-nosent'].map((model) => backtestModel({ ...opts, model }));
  const ev = evaluate(results, [1]);
  const h = (m: string) => results.find((r) => r.model === m)!.horizons[0]!;
  const floor = qlikeFloor(h('har').actual);
  const withS = losses(h('prophet').actual, h('prophet').forecast, floor).qlike;
  const without = losses(h('prophet-nosent').actual, h('prophet-nosent').forecast, floor).qlike;
  return { ev, gain: dieboldMariano(withS, without, 1) };
}

describe('sentiment-augmented model on planted signals', () => {
  it('finds a planted sentiment -> variance signal (DM <= -2 vs HAR and vs no-sentiment)', () => {
    const { ev, gain } = run(0.2, 7);
    const prophet = ev.scores.find((s) => s.name === 'prophet')!;
    expect(prophet.dm_vs_har.stat).toBeLessThanOrEqual(-2);
    expect(gain.stat).toBeLessThanOrEqual(-2);
    expect(ev.champion['1']).toBe('prophet');
  });

  it('shows no significant gain when sentiment is unrelated noise', () => {
    for (const seed of [7, 11]) {
      const { gain } = run(0, seed);
      expect(gain.stat).toBeGreaterThan(-2);
    }
  });
});
