import { describe, expect, it } from 'vitest';
import { generateSite } from './generator';
import { loadMarketTape } from './market-signal';
import { sentimentVolCorrelation } from './signal-check';
import { DEFAULT_SUBREDDITS } from './server';
import { defaultNlpModel, resourcesDir } from '../../../pipelines/nlp/resources';

const model = defaultNlpModel();
const tape = loadMarketTape(resourcesDir());
const opts = { seed: 1, from: '2000-09-27', to: '2001-09-27', subreddits: DEFAULT_SUBREDDITS };

describe('--signal: tagged sentiment leads the real MSFT volatility', () => {
  it('shows a negative correlation at the documented lag only with --signal', () => {
    const on = sentimentVolCorrelation(generateSite({ ...opts, signal: true }, model.universe, tape), tape, model, 'MSFT', [1]);
    const off = sentimentVolCorrelation(generateSite({ ...opts, signal: false }, model.universe, tape), tape, model, 'MSFT', [1]);
    expect(on[1]!.days).toBeGreaterThan(200);
    expect(on[1]!.corr).toBeLessThan(-0.25);
    expect(Math.abs(off[1]!.corr)).toBeLessThan(0.15);
  });
});
