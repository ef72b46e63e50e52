/**
 * Granger causality between two series, the way statsmodels does it:
 * - the lag order p minimizes the VAR's AIC among 1..maxLag, every order fitted on one common
 *   sample (the last n - maxLag observations), as VAR(...).select_order(maxLag) does:
 *   AIC(p) = ln det(Sigma_mle) + 2 (p K^2 + K) / T with K = 2 equations, a constant, T = n - maxLag;
 * - then the SSR-based F test of grangercausalitytests at p, on the full sample (n - p rows):
 *   F = ((SSR_own - SSR_joint) / p) / (SSR_joint / (n - p - 2p - 1)), df = (p, n - 3p - 1).
 */
import { fSurvival } from './distributions';
import { leastSquares } from './least-squares';

export interface GrangerResult {
  lag: number;
  F: number;
  p: number;
  df_num: number;
  df_den: number;
}

/** AIC of VAR(p) with a constant for p = 1..maxLag on the common sample; index p-1. */
export function varAic(a: readonly number[], b: readonly number[], maxLag: number): number[] {
  const n = a.length;
  const out: number[] = [];
  for (let p = 1; p <= maxLag; p++) {
    // The sample statsmodels uses for order p: endog[maxLag - p:], whose first p rows are lags only.
    const rows: number[][] = [];
    const ya: number[] = [];
    const yb: number[] = [];
    for (let t = maxLag; t < n; t++) {
      const row = [1];
      for (let l = 1; l <= p; l++) row.push(a[t - l]!, b[t - l]!);
      rows.push(row);
      ya.push(a[t]!);
      yb.push(b[t]!);
    }
    const T = rows.length;
    const ea = leastSquares(rows, ya).resid;
    const eb = leastSquares(rows, yb).resid;
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    for (let i = 0; i < T; i++) {
      saa += ea[i]! * ea[i]!;
      sbb += eb[i]! * eb[i]!;
      sab += ea[i]! * eb[i]!;
    }
    const det = (saa / T) * (sbb / T) - (sab / T) ** 2;
    out.push(Math.log(det) + (2 / T) * (p * 4 + 2));
  }
  return out;
}

export function selectLagByAic(a: readonly number[], b: readonly number[], maxLag = 10): { lag: number; aic: number[] } {
  const aic = varAic(a, b, maxLag);
  let best = 0;
  for (let i = 1; i < aic.length; i++) if (aic[i]! < aic[best]!) best = i;
  return { lag: best + 1, aic };
}

/** Does `cause` help predict `effect` beyond effect's own p lags? (H0: no.) */
export function grangerSsrF(effect: readonly number[], cause: readonly number[], p: number): GrangerResult {
  const n = effect.length;
  const own: number[][] = [];
  const joint: number[][] = [];
  const y: number[] = [];
  for (let t = p; t < n; t++) {
    const lagsY: number[] = [];
    const lagsX: number[] = [];
    for (let l = 1; l <= p; l++) {
      lagsY.push(effect[t - l]!);
      lagsX.push(cause[t - l]!);
    }
    own.push([...lagsY, 1]);
    joint.push([...lagsY, ...lagsX, 1]);
    y.push(effect[t]!);
  }
  const restricted = leastSquares(own, y);
  const full = leastSquares(joint, y);
  const dfDen = full.n - full.k;
  const F = ((restricted.ssr - full.ssr) / full.ssr / p) * dfDen;
  return { lag: p, F, p: fSurvival(F, p, dfDen), df_num: p, df_den: dfDen };
}
