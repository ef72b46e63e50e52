/**
 * Scores walk-forward results against the HAR baseline and picks the champion per horizon: the
 * lowest-QLIKE model whose QLIKE beats HAR significantly (DM stat <= -2 over the same forecast
 * days), otherwise HAR itself.
 */
import { dieboldMariano, losses, mean, qlikeFloor, quantile, type DmResult } from './metrics';
import type { WalkForwardResult } from './walk-forward';

export const DM_SIGNIFICANT = -2;
export const BASELINE = 'har';

export interface ModelScore {
  name: string;
  horizon: number;
  n: number;
  qlike: number;
  mse: number;
  mae_vol: number;
  dm_vs_har: DmResult;
  /** 5% and 95% quantiles of actual / forecast out of sample (empirical interval factors). */
  ratio_q05: number;
  ratio_q95: number;
}

export interface Evaluation {
  scores: ModelScore[];
  champion: Record<string, string>;
}

export function evaluate(results: readonly WalkForwardResult[], horizons: readonly number[]): Evaluation {
  const baseline = results.find((r) => r.model === BASELINE);
  if (!baseline) throw new Error('evaluation needs the HAR baseline among the results');
  const scores: ModelScore[] = [];
  const champion: Record<string, string> = {};
  for (const h of horizons) {
    const base = baseline.horizons.find((x) => x.horizon === h);
    if (!base) throw new Error(`HAR has no forecasts for horizon ${h}`);
    const floor = qlikeFloor(base.actual);
    const baseLoss = losses(base.actual, base.forecast, floor);
    let best: { name: string; qlike: number } | undefined;
    for (const r of results) {
      const hf = r.horizons.find((x) => x.horizon === h);
      if (!hf) continue;
      if (hf.origins.length !== base.origins.length || hf.origins[0] !== base.origins[0]) {
        throw new Error(`${r.model} and HAR forecast different days at horizon ${h}`);
      }
      const l = losses(hf.actual, hf.forecast, floor);
      const dm = r.model === BASELINE ? { stat: 0, p: 1 } : dieboldMariano(l.qlike, baseLoss.qlike, h);
      const ratios = hf.actual.map((y, i) => y / hf.forecast[i]!);
      const score: ModelScore = {
        name: r.model,
        horizon: h,
        n: hf.origins.length,
        qlike: mean(l.qlike),
        mse: mean(l.se),
        mae_vol: mean(l.aeVol),
        dm_vs_har: dm,
        ratio_q05: quantile(ratios, 0.05),
        ratio_q95: quantile(ratios, 0.95),
      };
      scores.push(score);
      const baseQlike = mean(baseLoss.qlike);
      if (r.model !== BASELINE && score.qlike < baseQlike && dm.stat <= DM_SIGNIFICANT && (!best || score.qlike < best.qlike)) {
        best = { name: r.model, qlike: score.qlike };
      }
    }
    champion[String(h)] = best?.name ?? BASELINE;
  }
  return { scores, champion };
}
