import { describe, expect, it } from 'vitest';
import { tagPost } from './tag';
import { defaultNlpModel } from './resources';

const model = defaultNlpModel();

describe('tagPost', () => {
  it('returns tickers with how-found, counts and sentiment', () => {
    const r = tagPost({ id: 'p1', title: '$GME to the moon 🚀', body: 'GameStop squeeze, GME calls' }, model);
    expect(r.tickers).toEqual([expect.objectContaining({ symbol: 'GME', how: 'cashtag', count: 3, label: 'bullish' })]);
    expect(r.label).toBe('bullish');
    expect(r.mentions.map((m) => m.how)).toEqual(['cashtag', 'alias', 'symbol']);
  });

  it('attributes sentiment to the sentences that mention each symbol', () => {
    const r = tagPost({ id: 'p2', title: '', body: 'MSFT is going to moon, buying calls. INTC is garbage, buying puts.' }, model);
    const by = Object.fromEntries(r.tickers.map((t) => [t.symbol, t.label]));
    expect(by).toEqual({ MSFT: 'bullish', INTC: 'bearish' });
  });

  it('does not score deleted or removed text', () => {
    expect(tagPost({ id: 'p3', title: '[deleted]', body: '[removed]' }, model)).toEqual({ id: 'p3', tickers: [], mentions: [], sentiment: 0, label: 'neutral' });
    expect(tagPost({ id: 'p4', title: 'AAPL calls', body: '[removed]' }, model).tickers.map((t) => t.symbol)).toEqual(['AAPL']);
  });
});
