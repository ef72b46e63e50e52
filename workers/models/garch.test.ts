import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fitGarch, garchHorizonVariance, lgamma } from './garch';

interface GarchFixture {
  returns: number[];
  fgarch_norm: Record<string, number>;
  fgarch_norm_llh: number;
  fgarch_std: Record<string, number>;
  fgarch_std_llh: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/garch-reference.json', import.meta.url), 'utf8'),
) as GarchFixture;

const within1pct = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(0.01);
};

describe('GARCH(1,1) MLE against R fGarch (MSFT daily 1991-2000)', () => {
  it('lgamma is accurate', () => {
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('normal innovations: mu, omega, alpha, beta within 1%', () => {
    const fit = fitGarch(fixture.returns, 'normal');
    const ref = fixture.fgarch_norm;
    within1pct(fit.params.mu, ref.mu!);
    within1pct(fit.params.omega, ref.omega!);
    within1pct(fit.params.alpha, ref.alpha1!);
    within1pct(fit.params.beta, ref.beta1!);
    // Same likelihood definition: our optimum is at least as good as fGarch's.
    expect(fit.logLik).toBeGreaterThan(fixture.fgarch_norm_llh - 1e-3);
  });

  it('Student-t innovations: parameters and shape within 1%', () => {
    const fit = fitGarch(fixture.returns, 't');
    const ref = fixture.fgarch_std;
    within1pct(fit.params.mu, ref.mu!);
    within1pct(fit.params.omega, ref.omega!);
    within1pct(fit.params.alpha, ref.alpha1!);
    within1pct(fit.params.beta, ref.beta1!);
    within1pct(fit.params.shape!, ref.shape!);
    expect(fit.logLik).toBeGreaterThan(fixture.fgarch_std_llh - 1e-3);
  });

  it('multi-step variance converges to the long-run level', () => {
    const p = { mu: 0, omega: 0.1, alpha: 0.1, beta: 0.8 };
    expect(garchHorizonVariance(p, 2, 1)).toBeCloseTo(2, 12);
    expect(garchHorizonVariance(p, 2, 2)).toBeCloseTo((2 + (1 + 0.9 * 1)) / 2, 12);
    // mean of 1 + 0.9^k over 2000 steps = 1 + 10 / 2000
    expect(garchHorizonVariance(p, 2, 2000)).toBeCloseTo(1.005, 6);
  });
});

describe('GJR-GARCH(1,1)-t against R fGarch APARCH(1,1) with delta = 2 (MSFT daily 1991-2000)', () => {
  interface GjrFixture {
    gjr: Record<string, number>;
    fgarch_llh: number;
  }
  const gjr = JSON.parse(readFileSync(new URL('./fixtures/gjr-reference.json', import.meta.url), 'utf8')) as GjrFixture;

  it('mu, omega, alpha, gamma, beta and shape within 1%; log-likelihood at least as good', () => {
    const fit = fitGarch(fixture.returns, 't', undefined, true);
    for (const k of ['mu', 'omega', 'alpha', 'gamma', 'beta', 'shape'] as const) {
      within1pct(fit.params[k]!, gjr.gjr[k]!);
    }
    // Within 0.01 log-likelihood units: fGarch's APARCH start-up of the variance recursion is
    // not exactly the GARCH "mci" start we use.
    expect(fit.logLik).toBeGreaterThan(gjr.fgarch_llh - 1e-2);
  });
});
