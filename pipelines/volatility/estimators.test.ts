import { describe, expect, it } from 'vitest';
import { closeToClose, garmanKlass, parkinson, realizedVariance, rogersSatchell, yangZhang, YZ_K } from './estimators';
import { buildDailySeries } from './daily-series';

const bar = { open: 100, high: 110, low: 95, close: 105 };

describe('variance estimators', () => {
  it('match the textbook formulas', () => {
    const hl = Math.log(110 / 95);
    const co = Math.log(105 / 100);
    expect(parkinson(bar)).toBeCloseTo(hl ** 2 / (4 * Math.log(2)), 15);
    expect(garmanKlass(bar)).toBeCloseTo(0.5 * hl ** 2 - (2 * Math.log(2) - 1) * co ** 2, 15);
    const rs = Math.log(110 / 105) * Math.log(110 / 100) + Math.log(95 / 105) * Math.log(95 / 100);
    expect(rogersSatchell(bar)).toBeCloseTo(rs, 15);
    expect(yangZhang(bar, 98)).toBeCloseTo(Math.log(100 / 98) ** 2 + YZ_K * co ** 2 + (1 - YZ_K) * rs, 15);
    expect(closeToClose(105, 100)).toBeCloseTo(co ** 2, 15);
    expect(realizedVariance([100, 101, 99])).toBeCloseTo(Math.log(1.01) ** 2 + Math.log(99 / 101) ** 2, 15);
  });

  it('intraday prices give daily RV as the sum of squared log returns per calendar day', () => {
    const pts = [
      { time: '2024-01-02T14:30:00Z', close: 100 },
      { time: '2024-01-02T15:00:00Z', close: 101 },
      { time: '2024-01-03T14:30:00Z', close: 102 },
      { time: '2024-01-03T15:00:00Z', close: 100 },
      { time: '2024-01-03T15:30:00Z', close: 103 },
    ];
    const { rows, dropped } = buildDailySeries(pts, 'rv', true);
    expect(dropped).toEqual([{ date: '2024-01-02', reason: 'first day has no previous close' }]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.target).toBeCloseTo(Math.log(100 / 102) ** 2 + Math.log(103 / 100) ** 2, 15);
    expect(rows[0]!.ret).toBeCloseTo(Math.log(103 / 101), 15);
  });

  it('drops bars whose range does not bracket open and close', () => {
    const pts = [
      { time: '2024-01-02', open: 10, high: 11, low: 9, close: 10 },
      { time: '2024-01-03', open: 10, high: 9, low: 8, close: 10 },
      { time: '2024-01-04', open: 10, high: 12, low: 9, close: 11 },
    ];
    const { rows, dropped } = buildDailySeries(pts, 'parkinson', false);
    expect(rows.map((r) => r.date)).toEqual(['2024-01-04']);
    expect(dropped.map((d) => d.reason)).toContain('high/low do not bracket open/close');
  });
});
