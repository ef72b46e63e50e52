/**
 * A Prophet-style additive model for log variance (after Taylor and Letham 2018), direct per
 * horizon h:
 *   log y_t(h) = g(t) + s(t) + x_t' beta + e_t,   e_t ~ N(0, sigma^2)
 * - g: piecewise-linear trend k*s + m + sum_j delta_j (s - c_j)+ with 10 changepoints over the
 *   first 80% of the training span, Laplace(0, 0.05) prior on delta (Prophet's default),
 * - s: Fourier seasonality, yearly (order 3, only with 2+ years of training data, Prophet's auto
 *   rule) and weekly (order 2) on calendar days,
 * - x: extra regressors, standardized: log v_t, log of the 5- and 22-day means, the negative
 *   return, and when the data has them sentiment lags 1..5 and log(1 + mentions),
 * fitted by MAP with L-BFGS (analytic gradient; the Laplace prior is smoothed). As in Prophet, y
 * is scaled to max |y - mean| = 1 so the default priors apply. Intervals are log-normal from
 * sigma (trend uncertainty is not simulated).
 */
import { logFloor, HAR_FIRST_ROW, HAR_LAGS } from './har';
import { lbfgs } from './optim';
import { volatilityFeatures, type FeatureInput, type VolFeatures } from '../../pipelines/volatility/features';
import { horizonTarget, type DailyData, type FittedModel, type VolModel } from './types';

const CHANGEPOINTS = 10;
const CHANGEPOINT_RANGE = 0.8;
const CHANGEPOINT_PRIOR = 0.05;
const SEASONALITY_PRIOR = 10;
const REGRESSOR_PRIOR = 10;
const YEARLY_ORDER = 3;
const WEEKLY_ORDER = 2;
const Z90 = 1.6448536269514722;

export interface ProphetOptions {
  /** Use sentiment lags and mention counts when the data has them (default true). */
  sentiment?: boolean;
}

interface Layout {
  day0: number;
  span: number;
  changepoints: number[];
  floor: number;
  useSentiment: boolean;
  yearlyOrder: number;
  regMean: number[];
  regSd: number[];
}

function rawRegressors(f: VolFeatures, t: number, layout: Pick<Layout, 'floor' | 'useSentiment'>): number[] {
  const lg = (x: number): number => Math.log(Math.max(x, layout.floor));
  const out = [lg(f.rv_d[t]!), lg(f.rv_w[t]!), lg(f.rv_m[t]!), f.neg_r[t]!];
  if (layout.useSentiment) {
    // Lag k of the target day t+1 is day t+1-k: sentiment known at the origin; missing -> 0.
    for (const lag of f.sentiment_lag) out.push(Number.isFinite(lag[t]!) ? lag[t]! : 0);
    out.push(Math.log1p(f.mentions[t]!));
  }
  return out;
}

/** Features of one origin from the 22 days it depends on (O(22) per forecast, not O(n)). */
function featuresAt(data: DailyData, origin: number): { f: VolFeatures; t: number } {
  const from = Math.max(0, origin - (HAR_LAGS.month - 1));
  const slice = (x: Float64Array | undefined): Float64Array | undefined => x?.subarray(from, origin + 1);
  const input: FeatureInput = { target: slice(data.target)!, returns: slice(data.returns)! };
  if (data.sentiment) input.sentiment = slice(data.sentiment)!;
  if (data.mentions) input.mentions = slice(data.mentions)!;
  return { f: volatilityFeatures(input), t: origin - from };
}

function designRow(data: DailyData, f: VolFeatures, ft: number, t: number, layout: Layout): number[] {
  const s = (data.day[t]! - layout.day0) / layout.span;
  const row = [1, s];
  for (const c of layout.changepoints) row.push(Math.max(s - c, 0));
  const day = data.day[t]!;
  for (let k = 1; k <= layout.yearlyOrder; k++) {
    const a = (2 * Math.PI * k * day) / 365.25;
    row.push(Math.sin(a), Math.cos(a));
  }
  for (let k = 1; k <= WEEKLY_ORDER; k++) {
    const a = (2 * Math.PI * k * day) / 7;
    row.push(Math.sin(a), Math.cos(a));
  }
  const raw = rawRegressors(f, ft, layout);
  raw.forEach((x, j) => row.push((x - layout.regMean[j]!) / layout.regSd[j]!));
  return row;
}

interface HorizonFit {
  theta: number[];
  yMean: number;
  yScale: number;
  sigma: number;
  /** The optimizer's solution (scaled theta and log sigma): the next refit's start. */
  raw: number[];
}

/**
 * Fits every horizon from one pass over the design rows: the rows are the same for all
 * horizons (only the response and the last usable row differ), so X'X is accumulated once over
 * the rows every horizon shares and topped up per horizon.
 */
function fitHorizons(data: DailyData, layout: Layout, horizons: readonly number[], starts: Map<number, number[]>): Map<number, HorizonFit> {
  const n = data.target.length;
  const maxH = Math.max(...horizons);
  const lastShared = n - 1 - maxH;
  const features = volatilityFeatures(data);
  const rows: number[][] = [];
  for (let t = HAR_FIRST_ROW; t + Math.min(...horizons) < n; t++) rows.push(designRow(data, features, t, t, layout));
  const p = rows[0]!.length;
  const accumulate = (A: Float64Array, from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const r = rows[i]!;
      for (let j = 0; j < p; j++) {
        const rj = r[j]!;
        const base = j * p;
        for (let k = j; k < p; k++) A[base + k]! += rj * r[k]!;
      }
    }
  };
  const shared = new Float64Array(p * p);
  const sharedRows = lastShared - HAR_FIRST_ROW + 1;
  accumulate(shared, 0, sharedRows);
  const out = new Map<number, HorizonFit>();
  for (const h of horizons) {
    const count = n - 1 - h - HAR_FIRST_ROW + 1;
    const A = Float64Array.from(shared);
    accumulate(A, sharedRows, count);
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j]!;
    const ys: number[] = [];
    for (let i = 0; i < count; i++) ys.push(Math.log(Math.max(horizonTarget(data.target, HAR_FIRST_ROW + i, h), layout.floor)));
    out.set(h, solveMap(rows, A, ys, p, layout, starts.get(h)));
  }
  return out;
}

function solveMap(rows: number[][], A: Float64Array, ys: number[], p: number, layout: Layout, warm?: number[]): HorizonFit {
  const n = ys.length;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  let yScale = 1e-9;
  for (const v of ys) yScale = Math.max(yScale, Math.abs(v - yMean));
  const b = new Float64Array(p);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const y = (ys[i]! - yMean) / yScale;
    yy += y * y;
    const r = rows[i]!;
    for (let j = 0; j < p; j++) b[j]! += r[j]! * y;
  }
  const cpStart = 2;
  const cpEnd = cpStart + layout.changepoints.length;
  const seasEnd = cpEnd + 2 * (layout.yearlyOrder + WEEKLY_ORDER);
  const scales = Float64Array.from({ length: p }, (_, j) =>
    j < cpStart ? 5 : j < cpEnd ? CHANGEPOINT_PRIOR : j < seasEnd ? SEASONALITY_PRIOR : REGRESSOR_PRIOR,
  );
  const eps = 1e-8;
  const At = new Float64Array(p);
  // L-BFGS asks for f and then the gradient at the same point: compute both once.
  let lastX: readonly number[] | undefined;
  let lastF = 0;
  let lastG: number[] = [];
  const evaluate = (x: readonly number[]): void => {
    if (lastX === x) return;
    const rho = x[p]!;
    const s2 = Math.exp(2 * rho);
    let rss = yy;
    for (let j = 0; j < p; j++) {
      let acc = 0;
      const base = j * p;
      for (let k = 0; k < p; k++) acc += A[base + k]! * x[k]!;
      At[j] = acc;
      rss += -2 * x[j]! * b[j]! + x[j]! * acc;
    }
    let f = n * rho + rss / (2 * s2) + s2 / (2 * 0.25);
    const g = new Array<number>(p + 1);
    for (let j = 0; j < p; j++) {
      const th = x[j]!;
      const scale = scales[j]!;
      let gj = (At[j]! - b[j]!) / s2;
      if (j >= cpStart && j < cpEnd) {
        const smooth = Math.sqrt(th * th + eps);
        f += smooth / scale;
        gj += th / smooth / scale;
      } else {
        f += (th * th) / (2 * scale * scale);
        gj += th / (scale * scale);
      }
      g[j] = gj;
    }
    g[p] = n - rss / s2 + s2 / 0.25;
    lastX = x;
    lastF = f;
    lastG = g;
  };
  // Walk-forward refits start from the previous solution (same layout shape): far fewer iterations.
  let start = new Array<number>(p + 1).fill(0);
  start[p] = Math.log(0.3);
  if (warm && warm.length === p + 1 && warm.every(Number.isFinite)) start = [...warm];
  const res = lbfgs(
    (x) => (evaluate(x), lastF),
    start,
    { gradient: (x) => (evaluate(x), lastG), maxIterations: 400, gradTol: 1e-6 },
  );
  return { theta: res.x.slice(0, p), yMean, yScale, sigma: Math.exp(res.x[p]!) * yScale, raw: res.x };
}

export function prophetModel(options: ProphetOptions = {}): VolModel {
  const wantSentiment = options.sentiment ?? true;
  return {
    name: 'prophet',
    fit(data, horizons, warmStart): FittedModel {
      const n = data.target.length;
      const useSentiment = wantSentiment && data.sentiment !== undefined;
      const day0 = data.day[0]!;
      const span = Math.max(data.day[n - 1]! - day0, 1);
      const changepoints = Array.from({ length: CHANGEPOINTS }, (_, j) => (CHANGEPOINT_RANGE * (j + 1)) / (CHANGEPOINTS + 1));
      const floor = logFloor(data.target);
      // Regressor standardization from the training rows only.
      const features = volatilityFeatures(data);
      const raws: number[][] = [];
      for (let t = HAR_FIRST_ROW; t < n; t++) raws.push(rawRegressors(features, t, { floor, useSentiment }));
      const width = raws[0]?.length ?? 0;
      const regMean = Array.from({ length: width }, (_, j) => raws.reduce((a, r) => a + r[j]!, 0) / raws.length);
      const regSd = regMean.map((mu, j) => Math.sqrt(raws.reduce((a, r) => a + (r[j]! - mu) ** 2, 0) / raws.length) || 1);
      const yearlyOrder = span >= 730 ? YEARLY_ORDER : 0;
      const layout: Layout = { day0, span, changepoints, floor, useSentiment, yearlyOrder, regMean, regSd };
      const starts = new Map<number, number[]>();
      for (const h of horizons) {
        const raw = warmStart?.params[`h${h}_raw`];
        if (Array.isArray(raw)) starts.set(h, raw);
      }
      const fits = fitHorizons(data, layout, horizons, starts);
      const params: Record<string, number | number[] | string> = { floor, useSentiment: String(useSentiment), day0, span };
      for (const [h, fit] of fits) {
        params[`h${h}_theta`] = fit.theta;
        params[`h${h}_sigma`] = fit.sigma;
        params[`h${h}_raw`] = fit.raw;
      }
      const logMean = (view: DailyData, origin: number, h: number): { mu: number; sigma: number } => {
        const fit = fits.get(h);
        if (!fit) throw new Error(`prophet was not fitted for horizon ${h}`);
        const at = featuresAt(view, origin);
        const row = designRow(view, at.f, at.t, origin, layout);
        const yhat = row.reduce((acc, x, j) => acc + x * fit.theta[j]!, 0);
        return { mu: fit.yMean + fit.yScale * yhat, sigma: fit.sigma };
      };
      return {
        params,
        forecast(view, origin, h) {
          const { mu, sigma } = logMean(view, origin, h);
          return Math.exp(mu + (sigma * sigma) / 2);
        },
        interval(view, origin, h) {
          const { mu, sigma } = logMean(view, origin, h);
          return [Math.exp(mu - Z90 * sigma), Math.exp(mu + Z90 * sigma)];
        },
      };
    },
  };
}
