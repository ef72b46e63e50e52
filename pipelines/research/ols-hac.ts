/**
 * OLS with Newey-West (HAC) standard errors, as statsmodels
 * OLS(y, X).fit(cov_type='HAC', cov_kwds={'maxlags': L}) computes them: Bartlett weights
 * w_j = 1 - j/(L+1), no small-sample correction (use_correction=False), and p-values from the
 * normal distribution (statsmodels' use_t=False default for robust covariances).
 *   cov = (X'X)^-1 S (X'X)^-1,  S = G_0 + sum_{j=1..L} w_j (G_j + G_j'),
 *   G_j = sum_{t=j}^{n-1} (x_t u_t)(x_{t-j} u_{t-j})'.
 */
import { normalTwoSidedP } from './distributions';
import { leastSquares, xtxInverse } from './least-squares';

export interface HacFit {
  n: number;
  coef: number[];
  se: number[];
  t: number[];
  p: number[];
  r2: number;
  hacLags: number;
  ssr: number;
}

/** The rule for the lag truncation: floor(4 (n/100)^(2/9)). */
export function neweyWestLags(n: number): number {
  return Math.floor(4 * Math.pow(n / 100, 2 / 9));
}

export function olsHac(rows: readonly (readonly number[])[], y: readonly number[], maxLags = neweyWestLags(rows.length)): HacFit {
  const fit = leastSquares(rows, y);
  const { n, k, coef, resid } = fit;
  const bread = xtxInverse(rows);
  // Scores x_t u_t.
  const scores = rows.map((row, t) => row.map((x) => x * resid[t]!));
  const meat = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j <= maxLags; j++) {
    const w = j === 0 ? 1 : 1 - j / (maxLags + 1);
    for (let t = j; t < n; t++) {
      const a = scores[t]!;
      const b = scores[t - j]!;
      for (let r = 0; r < k; r++) {
        for (let c = 0; c < k; c++) {
          const g = a[r]! * b[c]!;
          if (j === 0) meat[r]![c]! += g;
          else {
            meat[r]![c]! += w * g;
            meat[c]![r]! += w * g;
          }
        }
      }
    }
  }
  const cov = sandwich(bread, meat);
  const se = cov.map((row, i) => Math.sqrt(row[i]!));
  const t = coef.map((b, i) => b / se[i]!);
  const p = t.map(normalTwoSidedP);
  const ybar = y.reduce((a, b) => a + b, 0) / n;
  let tss = 0;
  for (const yi of y) tss += (yi - ybar) ** 2;
  return { n, coef, se, t, p, r2: tss > 0 ? 1 - fit.ssr / tss : Number.NaN, hacLags: maxLags, ssr: fit.ssr };
}

function sandwich(bread: number[][], meat: number[][]): number[][] {
  const k = bread.length;
  const mul = (a: number[][], b: number[][]): number[][] =>
    Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => {
      let s = 0;
      for (let m = 0; m < k; m++) s += a[i]![m]! * b[m]![j]!;
      return s;
    }));
  return mul(mul(bread, meat), bread);
}
