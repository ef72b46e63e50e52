import { describe, expect, it } from 'vitest';
import { lbfgs, nelderMead, numericGradient } from './optim';

const rosenbrock = (x: readonly number[]): number => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;

describe('optimizers', () => {
  it('numeric gradient matches the analytic one', () => {
    const g = numericGradient(rosenbrock)([-1.2, 1]);
    expect(g[0]).toBeCloseTo(-215.6, 4);
    expect(g[1]).toBeCloseTo(-88, 4);
  });

  it('L-BFGS finds the Rosenbrock minimum', () => {
    const r = lbfgs(rosenbrock, [-1.2, 1], { maxIterations: 1000 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.f).toBeLessThan(1e-8);
  });

  it('L-BFGS solves a 10-d ill-conditioned quadratic', () => {
    const scales = Array.from({ length: 10 }, (_, i) => 10 ** (i / 3));
    const f = (x: readonly number[]): number => x.reduce((s, v, i) => s + scales[i]! * (v - i) ** 2, 0);
    const r = lbfgs(f, new Array<number>(10).fill(5));
    r.x.forEach((v, i) => expect(v).toBeCloseTo(i, 4));
  });

  it('Nelder-Mead finds the Rosenbrock minimum and survives infinities', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5000 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    const walled = (x: readonly number[]): number => (x[0]! < 0 ? Number.POSITIVE_INFINITY : (x[0]! - 2) ** 2 + x[1]! ** 2);
    const w = nelderMead(walled, [0.5, 1]);
    expect(w.x[0]).toBeCloseTo(2, 3);
  });
});
