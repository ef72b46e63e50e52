/**
 * Ordinary least squares for the HAR family. Walk-forward refits solve thousands of tall, thin
 * problems (n ~ 2,500, k <= 10), so this forms the k x k normal equations on columns scaled to
 * unit RMS (which keeps them well conditioned: HAR regressors are ~1e-4) and solves them with
 * ml-matrix's Cholesky decomposition (falling back to its least-squares solve if the system is
 * singular).
 */
import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';

export interface OlsFit {
  coefficients: number[];
  /** Residual variance with n - k degrees of freedom. */
  sigma2: number;
  n: number;
}

/** rows: design rows (include a 1 for the intercept yourself); y: responses. */
export function ols(rows: readonly (readonly number[])[], y: readonly number[]): OlsFit {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  if (n <= k) throw new Error(`OLS needs more rows (${n}) than regressors (${k})`);
  const scale = new Float64Array(k);
  for (const row of rows) for (let j = 0; j < k; j++) scale[j]! += row[j]! * row[j]!;
  for (let j = 0; j < k; j++) scale[j] = Math.sqrt(scale[j]! / n) || 1;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const yi = y[i]!;
    for (let j = 0; j < k; j++) {
      const xj = row[j]! / scale[j]!;
      xty[j]! += xj * yi;
      const line = xtx[j]!;
      for (let l = j; l < k; l++) line[l]! += xj * (row[l]! / scale[l]!);
    }
  }
  for (let j = 0; j < k; j++) for (let l = 0; l < j; l++) xtx[j]![l] = xtx[l]![j]!;
  const A = new Matrix(xtx);
  const b = Matrix.columnVector(xty);
  const chol = new CholeskyDecomposition(A);
  const scaled = (chol.isPositiveDefinite() ? chol.solve(b) : solve(A, b, true)).getColumn(0);
  const beta = scaled.map((v, j) => v / scale[j]!);
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i]! - predictRow(beta, rows[i]!)) ** 2;
  return { coefficients: beta, sigma2: rss / (n - k), n };
}

export function predictRow(coefficients: readonly number[], row: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < row.length; j++) s += coefficients[j]! * row[j]!;
  return s;
}
