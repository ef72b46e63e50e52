/**
 * What the offline demo replays. The intraday window sits where the two real daily files overlap
 * (the Dow 30 closes end 2001-01-02; Microsoft's OHLCV runs 2000-09-27..2001-09-27); the Reddit
 * window is Microsoft's year, so sentiment, prices and volatility line up for the mart.
 */
export const DEMO_PLAN = {
  alpaca: {
    seed: 42,
    symbols: ['MSFT', 'INTC', 'IBM', 'GE', 'KO'],
    start: '2000-12-18',
    end: '2000-12-29',
  },
  reddit: {
    seed: 7,
    /** The planted effect (docs/reddit.md): daily sentiment leads realized volatility by `lag` days. */
    signal: true,
    lag: 1,
    subreddits: ['wallstreetbets', 'stocks', 'investing'],
    from: '2000-09-27',
    to: '2001-09-28',
  },
  /** Symbols the demo backtests with every model (the rest get EWMA only, to keep it quick). */
  train: { symbols: ['MSFT', 'INTC', 'IBM'] },
} as const;
