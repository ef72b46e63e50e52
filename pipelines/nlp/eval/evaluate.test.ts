import { describe, expect, it } from 'vitest';
import { evaluate, loadEvalSet, parseEvalSet } from './evaluate';
import { defaultNlpModel } from '../resources';

describe('evaluation set', () => {
  const set = loadEvalSet();

  it('has at least 200 labeled posts including the hard cases', () => {
    expect(set.length).toBeGreaterThanOrEqual(200);
    expect(new Set(set.map((p) => p.id)).size).toBe(set.length);
    const tags = new Set(set.flatMap((p) => p.tags));
    for (const t of ['common-word', 'sarcasm', 'negation', 'emoji', 'slang', 'name', 'nickname', 'no-ticker', 'multi']) expect(tags).toContain(t);
  });

  it('meets the targets: ticker precision >= 0.95, recall >= 0.90, sign accuracy >= 0.80', () => {
    const r = evaluate(set, defaultNlpModel());
    expect(r.tickers.precision).toBeGreaterThanOrEqual(0.95);
    expect(r.tickers.recall).toBeGreaterThanOrEqual(0.9);
    expect(r.sentiment.signAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(r.sentiment.polarPosts).toBeGreaterThanOrEqual(100);
  });

  it('counts errors (a wrong label set fails the metrics)', () => {
    const flipped = set.map((p) => ({ ...p, label: p.label === 'bullish' ? ('bearish' as const) : p.label === 'bearish' ? ('bullish' as const) : p.label }));
    expect(evaluate(flipped, defaultNlpModel()).sentiment.signAccuracy).toBeLessThan(0.2);
    expect(() => parseEvalSet('x|AAPL|Q|tag|title|')).toThrow(/posts.psv:1/);
  });
});
