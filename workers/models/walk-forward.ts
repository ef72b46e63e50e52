/**
 * Walk-forward evaluation with an expanding window: at origin t the model was fitted on days
 * 0..t' (t' the last refit origin <= t, refits every K origins) and forecasts mean(v[t+1..t+h]).
 * The model only ever receives prefix views ending at the origin, so it cannot see the future
 * (walk-forward.test.ts perturbs future data to prove it).
 */
import { prefix, horizonTarget, type DailyData, type FittedModel, type VolModel } from './types';
import { HAR_FIRST_ROW } from './har';

export interface WalkForwardOptions {
  horizons: number[];
  /** Refit every K origins (default 22). */
  refitEvery: number;
  /** Index of the first forecast target day; the first origin is oosStart - 1. */
  oosStart: number;
}

export interface HorizonForecasts {
  horizon: number;
  /** Origin index of each forecast. */
  origins: number[];
  forecast: number[];
  actual: number[];
}

export interface WalkForwardResult {
  model: string;
  horizons: HorizonForecasts[];
  refits: number;
  /** Fit on all data: the artifact to register, with its forecast from the last day. */
  final: { params: FittedModel['params']; next: Array<{ horizon: number; forecast: number; interval?: [number, number] }> };
}

/** Smallest training prefix a model may be fitted on. */
export const MIN_TRAIN = HAR_FIRST_ROW + 40;

export function walkForward(data: DailyData, model: VolModel, options: WalkForwardOptions): WalkForwardResult {
  const n = data.target.length;
  const { horizons, refitEvery } = options;
  const firstOrigin = options.oosStart - 1;
  if (firstOrigin + 1 < MIN_TRAIN) {
    throw new Error(`out-of-sample start leaves ${firstOrigin + 1} training days; need at least ${MIN_TRAIN}`);
  }
  const maxH = Math.max(...horizons);
  if (firstOrigin + maxH >= n) throw new Error(`no out-of-sample days left after index ${firstOrigin} for horizon ${maxH}`);
  if (!(refitEvery >= 1)) throw new Error('refitEvery must be >= 1');
  const out: HorizonForecasts[] = horizons.map((h) => ({ horizon: h, origins: [], forecast: [], actual: [] }));
  let fitted: FittedModel | undefined;
  let refits = 0;
  for (let t = firstOrigin; t < n - 1; t++) {
    const view = prefix(data, t + 1);
    if ((t - firstOrigin) % refitEvery === 0) {
      fitted = model.fit(view, horizons, fitted);
      refits++;
    }
    horizons.forEach((h, k) => {
      if (t + h >= n) return;
      const f = fitted!.forecast(view, t, h);
      if (!(f > 0) || !Number.isFinite(f)) throw new Error(`${model.name} produced a non-positive forecast at index ${t}`);
      const slot = out[k]!;
      slot.origins.push(t);
      slot.forecast.push(f);
      slot.actual.push(horizonTarget(data.target, t, h));
    });
  }
  const finalFit = model.fit(data, horizons, fitted);
  const next = horizons.map((h) => {
    const row: { horizon: number; forecast: number; interval?: [number, number] } = { horizon: h, forecast: finalFit.forecast(data, n - 1, h) };
    if (finalFit.interval) row.interval = finalFit.interval(data, n - 1, h);
    return row;
  });
  return { model: model.name, horizons: out, refits, final: { params: finalFit.params, next } };
}
