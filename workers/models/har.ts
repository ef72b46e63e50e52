/**
 * HAR-RV (Corsi 2009) and log-HAR with leverage (Corsi and Renò 2012), fitted by OLS, one direct
 * regression per horizon h:
 *   HAR:    y_t(h) = b0 + bd v_t + bw w_t + bm m_t
 *   logHAR: log y_t(h) = b0 + bd log v_t + bw log w_t + bm log m_t + gd r-_t + gw r-w_t + gm r-m_t
 * with w_t, m_t the 5- and 22-day trailing means, y_t(h) = mean(v[t+1..t+h]) and r- = min(r, 0)
 * (daily, 5- and 22-day means). Training rows need t >= 21 and t + h inside the training prefix.
 */
import { HAR_WINDOWS, volatilityFeatures, type VolFeatures } from '../../pipelines/volatility/features';
import { ols, predictRow } from './ols';
import { horizonTarget, trailingMean, type DailyData, type FittedModel, type VolModel } from './types';

export const HAR_LAGS = HAR_WINDOWS;

export function harRow(v: ArrayLike<number>, t: number): number[] {
  return [1, v[t]!, trailingMean(v, t, HAR_LAGS.week), trailingMean(v, t, HAR_LAGS.month)];
}

/** Floor for log targets: zero close-to-close returns would give log 0. */
export function logFloor(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return Math.max((0.01 * s) / Math.max(1, v.length), 1e-12);
}

function negMean(r: ArrayLike<number>, t: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) s += Math.min(r[t - k]!, 0);
  return s / len;
}

export function logHarRow(v: ArrayLike<number>, r: ArrayLike<number>, t: number, floor: number): number[] {
  const lg = (x: number): number => Math.log(Math.max(x, floor));
  return [
    1,
    lg(v[t]!),
    lg(trailingMean(v, t, HAR_LAGS.week)),
    lg(trailingMean(v, t, HAR_LAGS.month)),
    Math.min(r[t]!, 0),
    negMean(r, t, HAR_LAGS.week),
    negMean(r, t, HAR_LAGS.month),
  ];
}

/** First origin with a full month of history. */
export const HAR_FIRST_ROW = HAR_LAGS.month - 1;

function trainingRows(data: DailyData, h: number): number[] {
  const last = data.target.length - 1 - h;
  const rows: number[] = [];
  for (let t = HAR_FIRST_ROW; t <= last; t++) rows.push(t);
  return rows;
}

/** Training rows from the shared feature builder (pipelines/volatility/features.ts). */
const harFeatureRow = (f: VolFeatures, t: number): number[] => [1, f.rv_d[t]!, f.rv_w[t]!, f.rv_m[t]!];

function logHarFeatureRow(f: VolFeatures, t: number, floor: number): number[] {
  const lg = (x: number): number => Math.log(Math.max(x, floor));
  return [1, lg(f.rv_d[t]!), lg(f.rv_w[t]!), lg(f.rv_m[t]!), f.neg_r[t]!, f.neg_r_w[t]!, f.neg_r_m[t]!];
}

export const harModel: VolModel = {
  name: 'har',
  fit(data, horizons): FittedModel {
    const v = data.target;
    const features = volatilityFeatures(data);
    const coef = new Map<number, number[]>();
    const params: Record<string, number[]> = {};
    for (const h of horizons) {
      const ts = trainingRows(data, h);
      const fit = ols(
        ts.map((t) => harFeatureRow(features, t)),
        ts.map((t) => horizonTarget(v, t, h)),
      );
      coef.set(h, fit.coefficients);
      params[`h${h}`] = fit.coefficients;
    }
    // Floor at a small share of the mean: linear HAR can go negative after a calm spell.
    const floor = logFloor(v);
    return {
      params,
      forecast(view, origin, h) {
        const b = coef.get(h);
        if (!b) throw new Error(`HAR was not fitted for horizon ${h}`);
        return Math.max(predictRow(b, harRow(view.target, origin)), floor);
      },
    };
  },
};

export const logHarModel: VolModel = {
  name: 'loghar',
  fit(data, horizons): FittedModel {
    const v = data.target;
    const floor = logFloor(v);
    const features = volatilityFeatures(data);
    const fits = new Map<number, { b: number[]; s2: number }>();
    const params: Record<string, number | number[]> = { floor };
    for (const h of horizons) {
      const ts = trainingRows(data, h);
      const fit = ols(
        ts.map((t) => logHarFeatureRow(features, t, floor)),
        ts.map((t) => Math.log(Math.max(horizonTarget(v, t, h), floor))),
      );
      fits.set(h, { b: fit.coefficients, s2: fit.sigma2 });
      params[`h${h}`] = fit.coefficients;
      params[`h${h}_sigma2`] = fit.sigma2;
    }
    return {
      params,
      forecast(view, origin, h) {
        const f = fits.get(h);
        if (!f) throw new Error(`log-HAR was not fitted for horizon ${h}`);
        // exp(E[log y] + s2/2): the log-normal mean, not the median.
        return Math.exp(predictRow(f.b, logHarRow(view.target, view.returns, origin, floor)) + f.s2 / 2);
      },
    };
  },
};
