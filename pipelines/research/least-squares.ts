/**
 * Least squares through ml-matrix's Householder QR (not the normal equations), so coefficients
 * keep ~1e-12 relative accuracy on the research regressions, and (X'X)^-1 for the sandwich.
 */
import { Matrix, QrDecomposition, inverse } from 'ml-matrix';

export interface LeastSquares {
  coef: number[];
  resid: number[];
  ssr: number;
  n: number;
  k: number;
}

/** rows: design rows (with a 1 column for an intercept); y: response. */
export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): LeastSquares {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  if (n !== y.length) throw new Error('least squares: rows and y differ in length');
  if (n <= k) throw new Error(`least squares needs more rows (${n}) than regressors (${k})`);
  const x = new Matrix(rows.map((r) => [...r]));
  const qr = new QrDecomposition(x);
  if (!qr.isFullRank()) throw new Error('least squares: the regressors are collinear (a column is constant or repeats another)');
  const coef = qr.solve(Matrix.columnVector([...y])).getColumn(0);
  const resid = new Array<number>(n);
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    const row = rows[i]!;
    for (let j = 0; j < k; j++) fit += row[j]! * coef[j]!;
    const e = y[i]! - fit;
    resid[i] = e;
    ssr += e * e;
  }
  return { coef, resid, ssr, n, k };
}

/** (X'X)^-1 as a plain k x k array. */
export function xtxInverse(rows: readonly (readonly number[])[]): number[][] {
  const x = new Matrix(rows.map((r) => [...r]));
  return inverse(x.transpose().mmul(x)).to2DArray();
}
