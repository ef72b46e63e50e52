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
    const coef = new Map<number, { b: number[]; mean: number }>();
    const params: Record<string, number | number[]> = {};
    for (const h of horizons) {
      const ts = trainingRows(data, h);
      const y = ts.map((t) => horizonTarget(v, t, h));
      const fit = ols(
        ts.map((t) => harFeatureRow(features, t)),
        y,
      );
      const mean = y.reduce((a, b) => a + b, 0) / y.length;
      coef.set(h, { b: fit.coefficients, mean });
      params[`h${h}`] = fit.coefficients;
      params[`h${h}_train_mean`] = mean;
    }
    // Linear HAR can predict <= 0 (a negative daily coefficient after a huge one-day shock).
    // The usual "insanity filter" (Swanson and White 1997; Bollerslev, Patton and Quaedvlieg
    // 2016) replaces such a forecast with the training mean of the target; a floor near zero
    // instead would hand QLIKE a near-infinite loss and make the baseline artificially weak.
    const floor = logFloor(v);
    return {
      params,
      forecast(view, origin, h) {
        const c = coef.get(h);
        if (!c) throw new Error(`HAR was not fitted for horizon ${h}`);
        const f = predictRow(c.b, harRow(view.target, origin));
        return f > floor ? f : c.mean;
      },
    };
  },
};

/**
 * Bias correction of a log-scale forecast: 'lognormal' multiplies exp(x'b) by exp(s^2/2) (right
 * for Gaussian residuals); 'smearing' by mean(exp(residual)) over the training rows (Duan 1983),
 * right for any i.i.d. residual law. Log squared returns are far from Gaussian (log chi^2 has a
 * long left tail), where exp(s^2/2) overshoots the mean badly.
 */
export type LogBias = 'lognormal' | 'smearing';

export function logHarFactory(name: string, bias: LogBias): VolModel {
  return {
    name,
    fit(data, horizons): FittedModel {
      const v = data.target;
      const floor = logFloor(v);
      const features = volatilityFeatures(data);
      const fits = new Map<number, { b: number[]; factor: number }>();
      const params: Record<string, number | number[] | string> = { floor, bias };
      for (const h of horizons) {
        const ts = trainingRows(data, h);
        const rows = ts.map((t) => logHarFeatureRow(features, t, floor));
        const y = ts.map((t) => Math.log(Math.max(horizonTarget(v, t, h), floor)));
        const fit = ols(rows, y);
        let factor = Math.exp(fit.sigma2 / 2);
        if (bias === 'smearing') {
          let s = 0;
          for (let i = 0; i < rows.length; i++) s += Math.exp(y[i]! - predictRow(fit.coefficients, rows[i]!));
          factor = s / rows.length;
        }
        fits.set(h, { b: fit.coefficients, factor });
        params[`h${h}`] = fit.coefficients;
        params[`h${h}_sigma2`] = fit.sigma2;
        params[`h${h}_bias_factor`] = factor;
      }
      return {
        params,
        forecast(view, origin, h) {
          const f = fits.get(h);
          if (!f) throw new Error(`log-HAR was not fitted for horizon ${h}`);
          return Math.exp(predictRow(f.b, logHarRow(view.target, view.returns, origin, floor))) * f.factor;
        },
      };
    },
  };
}

/** log-HAR with leverage, log-normal bias correction exp(E[log y] + s^2/2). */
export const logHarModel: VolModel = logHarFactory('loghar', 'lognormal');
/** The same regression with Duan's smearing correction. */
export const logHarSmearModel: VolModel = logHarFactory('loghar-s', 'smearing');
