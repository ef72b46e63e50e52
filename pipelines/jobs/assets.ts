/** Lake tables the jobs read and produce, named once so the job files agree on spelling. */
export const BRONZE_ALPACA = ['bronze.alpaca_trades', 'bronze.alpaca_quotes', 'bronze.alpaca_bars'] as const;
export const BRONZE_REDDIT = ['bronze.reddit_posts', 'bronze.reddit_comments', 'bronze.reddit_mentions'] as const;
export const BRONZE_DAILY = ['bronze.market_daily_bars'] as const;
export const SILVER = ['silver.trades', 'silver.quotes', 'silver.bars_1m', 'silver.bars_1d', 'silver.posts', 'silver.comments', 'silver.mentions'] as const;
export const GOLD_MODELS = [
  'gold.dim_date',
  'gold.dim_symbol',
  'gold.fact_bars_1d',
  'gold.fact_bars_1m',
  'gold.fact_realized_vol_daily',
  'gold.fact_sentiment_daily',
  'gold.mart_sentiment_volatility',
] as const;
export const FORECASTS = ['gold.vol_forecasts', 'meta.model_runs', 'meta.model_aliases'] as const;
/** The default symbols of symbol-day jobs: the demo's intraday universe. */
export const DEFAULT_SYMBOLS = ['MSFT', 'INTC', 'IBM', 'GE', 'KO'];
