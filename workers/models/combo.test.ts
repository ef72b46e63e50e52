import { describe, expect, it } from 'vitest';
import { toDailyData } from '../forecast-api';
import { comboModel } from './combo';
import { createModel } from './registry';
import { syntheticSeries } from './synthetic';
import { prefix } from './types';

describe('combo (equal-weight GJR-GARCH-t + log-HAR)', () => {
  it('forecasts the mean of its components fitted on the same training prefix', () => {
    const data = toDailyData(syntheticSeries({ days: 500, seed: 5, gamma: 0 }));
    const train = prefix(data, 400);
    const combo = comboModel.fit(train, [1, 5]);
    const gjr = createModel('gjr-t').fit(train, [1, 5]);
    const logHar = createModel('loghar').fit(train, [1, 5]);
    for (const origin of [399, 450]) {
      for (const h of [1, 5]) {
        const expected = (gjr.forecast(data, origin, h) + logHar.forecast(data, origin, h)) / 2;
        expect(combo.forecast(data, origin, h)).toBeCloseTo(expected, 15);
      }
    }
    expect(combo.params.components).toBe('gjr-t,loghar');
  });
});
