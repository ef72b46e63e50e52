import { describe, expect, it } from 'vitest';
import { toDailyData } from '../forecast-api';
import { createModel } from './registry';
import { syntheticSeries } from './synthetic';
import { walkForward } from './walk-forward';
import { MODEL_NAMES } from './types';

describe('walk-forward backtest', () => {
  const series = syntheticSeries({ days: 400, seed: 3, gamma: 0.1 });
  const opts = { horizons: [1, 5], refitEvery: 22, oosStart: 250 };

  it('refits every K days and forecasts each out-of-sample day', () => {
    const r = walkForward(toDailyData(series), createModel('har'), opts);
    expect(r.refits).toBe(Math.ceil((400 - 1 - 249) / 22));
    const h1 = r.horizons[0]!;
    expect(h1.origins[0]).toBe(249);
    expect(h1.origins).toHaveLength(400 - 250);
    expect(r.horizons[1]!.origins).toHaveLength(400 - 250 - 4);
    expect(h1.actual[0]).toBe(series.target[250]);
  });

  it.each(MODEL_NAMES)('%s: perturbing the future leaves past forecasts unchanged (no look-ahead)', (name) => {
    const base = walkForward(toDailyData(series), createModel(name), opts);
    const cut = 320;
    const perturbed = structuredClone(series);
    for (let i = cut + 1; i < 400; i++) {
      perturbed.target[i] = perturbed.target[i]! * 25;
      perturbed.returns[i] = -perturbed.returns[i]! * 5;
      perturbed.sentiment![i] = 3;
      perturbed.mentions![i] = 1000;
    }
    const other = walkForward(toDailyData(perturbed), createModel(name), opts);
    for (let k = 0; k < 2; k++) {
      const a = base.horizons[k]!;
      const b = other.horizons[k]!;
      const h = a.horizon;
      const past = a.origins.filter((o) => o <= cut).length;
      // Forecasts made at origins <= cut used no data after cut.
      expect(b.forecast.slice(0, past)).toEqual(a.forecast.slice(0, past));
      // ...and the perturbation is visible later, so the test can fail.
      expect(b.forecast.slice(past + h)).not.toEqual(a.forecast.slice(past + h));
    }
  });

  it('rejects a too-short training window', () => {
    expect(() => walkForward(toDailyData(series), createModel('har'), { ...opts, oosStart: 30 })).toThrow(/training days/);
  });
});
