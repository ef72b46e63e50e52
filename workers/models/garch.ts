/**
 * GARCH(1,1) with a constant mean, fitted by maximum likelihood with normal or standardized
 * Student-t innovations (the parameterization of R's fGarch::garchFit, cond.dist "norm"/"std"):
 *   r_t = mu + e_t,  e_t = sqrt(h_t) z_t,  h_t = omega + alpha e_{t-1}^2 + beta h_{t-1},
 *   h_1 = omega + (alpha + beta) mean(e^2)   (fGarch's "mci" start).
 * The fit runs on returns scaled to unit standard deviation (as fGarch does) with parameters
 * mapped to an unconstrained space: omega > 0, alpha, beta >= 0, alpha + beta < 1, nu > 2.
 */
import { lbfgs, nelderMead } from './optim';
import type { DailyData, FittedModel, VolModel } from './types';

export interface GarchParams {
  mu: number;
  omega: number;
  alpha: number;
  beta: number;
  /** Student-t degrees of freedom (only for dist 't'). */
  shape?: number;
  /** GJR leverage term (only for the asymmetric model): extra alpha on negative shocks. */
  gamma?: number;
}

export type GarchDist = 'normal' | 't';

/** Persistence alpha + gamma/2 + beta (gamma counts half: a symmetric shock is negative half the time). */
export function persistenceOf(p: GarchParams): number {
  return p.alpha + (p.gamma ?? 0) / 2 + p.beta;
}

const LOG_2PI = Math.log(2 * Math.PI);
const MAX_PERSISTENCE = 0.9999;

/** log Gamma by the Lanczos approximation (g = 7), accurate to ~1e-15 for x > 0. */
export function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Negative log-likelihood of GARCH(1,1) on returns r (any scale). */
export function garchNll(r: ArrayLike<number>, p: GarchParams, dist: GarchDist): number {
  const n = r.length;
  let mvar = 0;
  for (let i = 0; i < n; i++) mvar += (r[i]! - p.mu) ** 2;
  mvar /= n;
  const gamma = p.gamma ?? 0;
  let h = p.omega + persistenceOf(p) * mvar;
  let nll = 0;
  const nu = p.shape ?? 0;
  const tConst = dist === 't' ? lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2)) : 0;
  for (let i = 0; i < n; i++) {
    const e = r[i]! - p.mu;
    if (!(h > 0)) return Number.POSITIVE_INFINITY;
    if (dist === 'normal') nll += 0.5 * (LOG_2PI + Math.log(h) + (e * e) / h);
    else nll -= tConst - 0.5 * Math.log(h) - ((nu + 1) / 2) * Math.log(1 + (e * e) / (h * (nu - 2)));
    h = p.omega + (e < 0 ? p.alpha + gamma : p.alpha) * e * e + p.beta * h;
  }
  return nll;
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * theta = [mu, log omega, logit persistence, logit alpha share, (log(nu - 2.01)), (gamma share)].
 * GJR: alpha, gamma/2 and beta split the persistence by a softmax of (theta[3], theta[last], 0),
 * so alpha, gamma, beta >= 0 (gamma >= 0: only the leverage direction of the literature).
 */
function toParams(theta: readonly number[], dist: GarchDist, asymmetric = false): GarchParams {
  const persistence = MAX_PERSISTENCE * logistic(theta[2]!);
  if (!asymmetric) {
    const alpha = persistence * logistic(theta[3]!);
    const p: GarchParams = { mu: theta[0]!, omega: Math.exp(theta[1]!), alpha, beta: persistence - alpha };
    if (dist === 't') p.shape = 2.01 + Math.exp(theta[4]!);
    return p;
  }
  const g = theta[dist === 't' ? 5 : 4]!;
  const m = Math.max(theta[3]!, g, 0);
  const ea = Math.exp(theta[3]! - m);
  const eg = Math.exp(g - m);
  const eb = Math.exp(-m);
  const total = ea + eg + eb;
  const p: GarchParams = {
    mu: theta[0]!,
    omega: Math.exp(theta[1]!),
    alpha: (persistence * ea) / total,
    gamma: (2 * persistence * eg) / total,
    beta: (persistence * eb) / total,
  };
  if (dist === 't') p.shape = 2.01 + Math.exp(theta[4]!);
  return p;
}

function fromParams(p: GarchParams, dist: GarchDist, asymmetric = false): number[] {
  const persistence = Math.min(Math.max(persistenceOf(p), 1e-4), MAX_PERSISTENCE * 0.9999);
  if (!asymmetric) {
    const share = Math.min(Math.max(p.alpha / persistence, 1e-4), 1 - 1e-4);
    const theta = [p.mu, Math.log(p.omega), logit(persistence / MAX_PERSISTENCE), logit(share)];
    if (dist === 't') theta.push(Math.log(Math.max((p.shape ?? 8) - 2.01, 1e-3)));
    return theta;
  }
  const beta = Math.max(p.beta, 1e-4 * persistence);
  const theta = [p.mu, Math.log(p.omega), logit(persistence / MAX_PERSISTENCE), Math.log(Math.max(p.alpha, 1e-6) / beta)];
  if (dist === 't') theta.push(Math.log(Math.max((p.shape ?? 8) - 2.01, 1e-3)));
  theta.push(Math.log(Math.max((p.gamma ?? 0) / 2, 1e-6) / beta));
  return theta;
}

export interface GarchFit {
  params: GarchParams;
  logLik: number;
  converged: boolean;
}

/** Maximum-likelihood fit; `start` (same scale as r) warm-starts walk-forward refits. */
export function fitGarch(r: ArrayLike<number>, dist: GarchDist, start?: GarchParams, asymmetric = false): GarchFit {
  const n = r.length;
  if (n < 30) throw new Error(`GARCH needs at least 30 returns, got ${n}`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += r[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (r[i]! - mean) ** 2;
  variance /= n - 1;
  const sd = Math.sqrt(variance);
  if (!(sd > 0)) throw new Error('GARCH needs returns that vary');
  const scaled = Float64Array.from({ length: n }, (_, i) => r[i]! / sd);
  const init: GarchParams = start
    ? { mu: start.mu / sd, omega: start.omega / variance, alpha: start.alpha, beta: start.beta, shape: start.shape ?? 8, gamma: start.gamma ?? 0.05 }
    : { mu: mean / sd, omega: 0.1, alpha: asymmetric ? 0.05 : 0.1, beta: 0.8, shape: 8, gamma: 0.1 };
  const objective = (theta: readonly number[]): number => garchNll(scaled, toParams(theta, dist, asymmetric), dist);
  let theta = fromParams(init, dist, asymmetric);
  if (!start) theta = nelderMead(objective, theta, { maxIterations: 400, step: 0.5 }).x;
  const polished = lbfgs(objective, theta, { maxIterations: 300, gradTol: 1e-7 });
  const s = toParams(polished.x, dist, asymmetric);
  const params: GarchParams = { mu: s.mu * sd, omega: s.omega * variance, alpha: s.alpha, beta: s.beta };
  if (dist === 't') params.shape = s.shape!;
  if (asymmetric) params.gamma = s.gamma!;
  // Log-likelihood in the original scale: each density picks up a 1/sd Jacobian.
  return { params, logLik: -(polished.f + n * Math.log(sd)), converged: polished.converged };
}

/** Mean conditional variance over days t+1..t+h given h_{t+1}. */
export function garchHorizonVariance(p: GarchParams, hNext: number, horizon: number): number {
  const persistence = persistenceOf(p);
  const longRun = p.omega / (1 - persistence);
  let sum = 0;
  let decay = 1;
  for (let k = 0; k < horizon; k++) {
    sum += longRun + decay * (hNext - longRun);
    decay *= persistence;
  }
  return sum / horizon;
}

/**
 * The walk-forward model: fits on the returns of the training prefix. `asymmetric` gives
 * GJR-GARCH(1,1) (Glosten, Jagannathan and Runkle 1993): h_t = omega + (alpha + gamma 1[e<0]) e^2 + beta h.
 */
export function garchModel(dist: GarchDist, asymmetric = false): VolModel {
  const name = asymmetric ? (dist === 'normal' ? 'gjr' : 'gjr-t') : dist === 'normal' ? 'garch' : 'garch-t';
  return {
    name,
    fit(data: DailyData, _horizons, warmStart): FittedModel {
      const prev = warmStart?.params as unknown as GarchParams | undefined;
      const fit = fitGarch(data.returns, dist, prev && typeof prev.alpha === 'number' ? prev : undefined, asymmetric);
      const p = fit.params;
      const gamma = p.gamma ?? 0;
      // Filter state: h for day `next` (known at the close of next-1), advanced lazily as the
      // walk-forward moves its origin forward.
      let mvar = 0;
      for (let i = 0; i < data.returns.length; i++) mvar += (data.returns[i]! - p.mu) ** 2;
      mvar /= data.returns.length;
      let next = 0;
      let hNext = p.omega + persistenceOf(p) * mvar;
      return {
        params: { ...p, logLik: fit.logLik, dist },
        forecast(view, origin, horizon) {
          if (origin + 1 < next) {
            next = 0;
            hNext = p.omega + persistenceOf(p) * mvar;
          }
          while (next <= origin) {
            const e = view.returns[next]! - p.mu;
            hNext = p.omega + (e < 0 ? p.alpha + gamma : p.alpha) * e * e + p.beta * hNext;
            next++;
          }
          return garchHorizonVariance(p, hNext, horizon);
        },
      };
    },
  };
}
