/**
 * Forecast combination: the equal-weight mean of GJR-GARCH(1,1)-t (a return-based MLE model with
 * leverage) and log-HAR with leverage (a regression on the variance proxy). Both components are
 * fitted on the same training prefix, so the combination uses no more information than either.
 * Equal weights on purpose: estimated weights add noise and rarely beat 1/n out of sample (the
 * "forecast combination puzzle", Stock and Watson 2004; Timmermann 2006).
 */
import { garchModel } from './garch';
import { logHarModel } from './har';
import type { FittedModel, VolModel } from './types';

const COMPONENTS: readonly VolModel[] = [garchModel('t', true), logHarModel];

interface ComboFit extends FittedModel {
  parts: FittedModel[];
}

export const comboModel: VolModel = {
  name: 'combo',
  fit(data, horizons, warmStart): FittedModel {
    const prev = (warmStart as ComboFit | undefined)?.parts;
    const parts = COMPONENTS.map((m, i) => m.fit(data, horizons, prev?.[i]));
    const fitted: ComboFit = {
      parts,
      params: {
        components: COMPONENTS.map((m) => m.name).join(','),
        weights: COMPONENTS.map(() => 1 / COMPONENTS.length),
        ...Object.fromEntries(parts.flatMap((p, i) => Object.entries(p.params).map(([k, v]) => [`${COMPONENTS[i]!.name}.${k}`, v]))),
      },
      forecast(view, origin, h) {
        let s = 0;
        for (const p of parts) s += p.forecast(view, origin, h);
        return s / parts.length;
      },
    };
    return fitted;
  },
};
