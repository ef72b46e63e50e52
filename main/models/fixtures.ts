/**
 * Bronze-shaped tables for tests and the benchmark, created directly in DuckDB: a small,
 * hand-checkable market day, daily bars, Reddit items with mentions and a symbol reference.
 */
import type { Duck } from '../duck/duck';

export interface FixtureTrade {
  symbol: string;
  trade_id: number;
  exchange: string;
  price: number;
  size: number;
  ts: string;
  received_at?: string;
  batch_id?: string;
}

/** The columns the ingestors write (main/sources/alpaca/bronze-tables.ts, main/sources/reddit/tables.ts). */
export const BRONZE_DDL: Record<string, string> = {
  alpaca_trades:
    'symbol VARCHAR, trade_id BIGINT, exchange VARCHAR, price DOUBLE, size BIGINT, conditions VARCHAR, tape VARCHAR, ts TIMESTAMP, ts_ns BIGINT, source VARCHAR, received_at TIMESTAMP, batch_id VARCHAR',
  alpaca_bars:
    'symbol VARCHAR, timeframe VARCHAR, bar_type VARCHAR, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume BIGINT, trade_count BIGINT, vwap DOUBLE, ts TIMESTAMP, ts_ns BIGINT, source VARCHAR, received_at TIMESTAMP, batch_id VARCHAR',
  alpaca_events: 'event_type VARCHAR, symbol VARCHAR, payload VARCHAR, ts TIMESTAMP, ts_ns BIGINT, source VARCHAR, received_at TIMESTAMP, batch_id VARCHAR',
  market_daily_bars:
    'symbol VARCHAR, date DATE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume BIGINT, source VARCHAR, batch_id VARCHAR, ingested_at TIMESTAMP',
  reddit_posts:
    'name VARCHAR, id VARCHAR, subreddit VARCHAR, author VARCHAR, title VARCHAR, selftext VARCHAR, created_utc TIMESTAMP, score BIGINT, upvote_ratio DOUBLE, num_comments BIGINT, permalink VARCHAR, link_flair_text VARCHAR, edited_utc TIMESTAMP, removed VARCHAR, removed_by_category VARCHAR, content_hash VARCHAR, raw VARCHAR, source VARCHAR, fetched_at TIMESTAMP, batch_id VARCHAR',
  reddit_mentions:
    'fullname VARCHAR, kind VARCHAR, link_id VARCHAR, subreddit VARCHAR, symbol VARCHAR, how_found VARCHAR, mention_count BIGINT, sentiment DOUBLE, label VARCHAR, item_sentiment DOUBLE, score BIGINT, created_utc TIMESTAMP, content_hash VARCHAR, nlp_version VARCHAR, fetched_at TIMESTAMP, batch_id VARCHAR',
};

export async function createBronze(duck: Duck, tables: string[] = Object.keys(BRONZE_DDL)): Promise<void> {
  await duck.run('CREATE SCHEMA IF NOT EXISTS bronze');
  await duck.run('CREATE SCHEMA IF NOT EXISTS meta');
  for (const t of tables) await duck.run(`CREATE OR REPLACE TABLE bronze.${t} (${BRONZE_DDL[t]})`);
  await duck.run('CREATE OR REPLACE TABLE meta.symbols (symbol VARCHAR, name VARCHAR, sector VARCHAR, groups VARCHAR, aliases VARCHAR, origin VARCHAR)');
}

function lit(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  return typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;
}

export function tradesValuesSql(trades: FixtureTrade[]): string {
  const rows = trades.map(
    (t) =>
      `(${lit(t.symbol)}, ${t.trade_id}, ${lit(t.exchange)}, ${t.price}, ${t.size}, '@', 'C', TIMESTAMP ${lit(t.ts)}, NULL::BIGINT, 'stream', TIMESTAMP ${lit(t.received_at ?? t.ts)}, ${lit(t.batch_id ?? 'b1')})`,
  );
  return `SELECT * FROM (VALUES ${rows.join(', ')}) v(symbol, trade_id, exchange, price, size, conditions, tape, ts, ts_ns, source, received_at, batch_id)`;
}

export async function insertTrades(duck: Duck, trades: FixtureTrade[]): Promise<void> {
  await duck.run(`INSERT INTO bronze.alpaca_trades ${tradesValuesSql(trades)}`);
}

/** Ten hand-checkable trades of AAPL over three minutes (and two duplicates; trade 10 is cancelled, trade 6 corrected). */
export const KNOWN_TICKS: FixtureTrade[] = [
  { symbol: 'AAPL', trade_id: 1, exchange: 'V', price: 100.0, size: 10, ts: '2024-03-04 14:30:00.100' },
  { symbol: 'AAPL', trade_id: 2, exchange: 'V', price: 101.0, size: 20, ts: '2024-03-04 14:30:10' },
  { symbol: 'AAPL', trade_id: 3, exchange: 'P', price: 99.5, size: 30, ts: '2024-03-04 14:30:30' },
  { symbol: 'AAPL', trade_id: 4, exchange: 'V', price: 100.5, size: 40, ts: '2024-03-04 14:30:59.999' },
  { symbol: 'AAPL', trade_id: 5, exchange: 'V', price: 102.0, size: 5, ts: '2024-03-04 14:31:00' },
  { symbol: 'AAPL', trade_id: 6, exchange: 'Q', price: 103.0, size: 15, ts: '2024-03-04 14:31:20' },
  { symbol: 'AAPL', trade_id: 7, exchange: 'V', price: 101.5, size: 10, ts: '2024-03-04 14:31:40' },
  // Same timestamp: the tie is broken by trade_id (8 opens, 9 closes).
  { symbol: 'AAPL', trade_id: 8, exchange: 'V', price: 104.0, size: 1, ts: '2024-03-04 14:35:00' },
  { symbol: 'AAPL', trade_id: 9, exchange: 'V', price: 98.0, size: 3, ts: '2024-03-04 14:35:00' },
  // Cancelled below: must not count.
  { symbol: 'AAPL', trade_id: 10, exchange: 'V', price: 500.0, size: 1000, ts: '2024-03-04 14:31:30' },
  // Re-deliveries (gap repair): same key, later receipt.
  { symbol: 'AAPL', trade_id: 2, exchange: 'V', price: 101.0, size: 20, ts: '2024-03-04 14:30:10', received_at: '2024-03-04 15:00:00', batch_id: 'b2' },
  { symbol: 'AAPL', trade_id: 6, exchange: 'Q', price: 103.0, size: 15, ts: '2024-03-04 14:31:20', received_at: '2024-03-04 15:00:00', batch_id: 'b2' },
];

/** A small but complete bronze: ticks, daily bars for two symbols, Reddit mentions, symbols. */
export async function seedDemoBronze(duck: Duck): Promise<void> {
  await createBronze(duck);
  await insertTrades(duck, KNOWN_TICKS);
  await duck.run(`INSERT INTO bronze.alpaca_events VALUES
    ('x', 'AAPL', '{"T":"x","S":"AAPL","i":10,"x":"V","p":500,"s":1000,"a":"C","t":"2024-03-04T14:31:30Z","z":"C"}', TIMESTAMP '2024-03-04 14:31:30', NULL, 'stream', TIMESTAMP '2024-03-04 14:32:00', 'c1'),
    ('c', 'AAPL', '{"T":"c","S":"AAPL","x":"Q","oi":6,"op":103,"os":15,"oc":["@"],"ci":60,"cp":102.5,"cs":15,"cc":["@","I"],"t":"2024-03-04T14:31:25Z","z":"C"}', TIMESTAMP '2024-03-04 14:31:25', NULL, 'stream', TIMESTAMP '2024-03-04 14:32:00', 'c1')`);
  await duck.run(`INSERT INTO bronze.market_daily_bars
    SELECT 'MSFT', DATE '2024-02-26' + i::INTEGER, 400 + i, 405 + i, 395 + i, 401 + i + (i % 3), 1000000 + i, 'csv', 'd1', TIMESTAMP '2024-03-10 00:00:00' FROM range(8) t(i)
    UNION ALL
    SELECT 'AAPL', DATE '2024-02-26' + i::INTEGER, NULL, NULL, NULL, 180 + i * 0.5, NULL, 'csv-close', 'd1', TIMESTAMP '2024-03-10 00:00:00' FROM range(8) t(i)`);
  const post = (name: string, sub: string, title: string, score: number, created: string, removed: string | null, hash: string, fetched: string, batch: string) =>
    `(${lit(name)}, ${lit(name.slice(3))}, ${lit(sub)}, 'u', ${lit(title)}, '', TIMESTAMP ${lit(created)}, ${score}, 0.9, 0, NULL, NULL, NULL, ${lit(removed)}, NULL, ${lit(hash)}, '{}', 'fixture', TIMESTAMP ${lit(fetched)}, ${lit(batch)})`;
  await duck.run(`INSERT INTO bronze.reddit_posts VALUES
    ${post('t3_a', 'stocks', 'AAPL to the moon', 10, '2024-03-02 12:00:00', null, 'h1', '2024-03-02 13:00:00', 'r1')},
    ${post('t3_a', 'stocks', 'AAPL to the moon (edit)', 25, '2024-03-02 12:00:00', null, 'h2', '2024-03-03 13:00:00', 'r2')},
    ${post('t3_b', 'wallstreetbets', 'MSFT puts', 3, '2024-03-03 09:00:00', null, 'h3', '2024-03-03 10:00:00', 'r1')},
    ${post('t3_c', 'stocks', '[deleted]', 1, '2024-03-03 09:00:00', 'deleted', 'h4', '2024-03-03 10:00:00', 'r1')}`);
  const mention = (item: string, symbol: string, how: string, s: number, label: string, score: number, created: string, hash: string, fetched: string, batch: string) =>
    `(${lit(item)}, 'post', ${lit(item)}, 'stocks', ${lit(symbol)}, ${lit(how)}, 1, ${s}, ${lit(label)}, ${s}, ${score}, TIMESTAMP ${lit(created)}, ${lit(hash)}, 'v1', TIMESTAMP ${lit(fetched)}, ${lit(batch)})`;
  await duck.run(`INSERT INTO bronze.reddit_mentions VALUES
    ${mention('t3_a', 'AAPL', 'cashtag', 0.5, 'bullish', 10, '2024-03-02 12:00:00', 'h1', '2024-03-02 13:00:00', 'r1')},
    ${mention('t3_a', 'AAPL', 'cashtag', 0.8, 'bullish', 25, '2024-03-02 12:00:00', 'h2', '2024-03-03 13:00:00', 'r2')},
    ${mention('t3_a', 'MSFT', 'name', 0.2, 'neutral', 10, '2024-03-02 12:00:00', 'h1', '2024-03-02 13:00:00', 'r1')},
    ${mention('t3_b', 'MSFT', 'symbol', -0.6, 'bearish', 3, '2024-03-03 09:00:00', 'h3', '2024-03-03 10:00:00', 'r1')},
    ${mention('t3_b', 'AAPL', 'name', 0.1, 'neutral', 3, '2024-03-03 09:00:00', 'h3', '2024-03-03 10:00:00', 'r1')},
    ${mention('t3_c', 'MSFT', 'symbol', 0.9, 'bullish', 1, '2024-03-03 09:00:00', 'h4', '2024-03-03 10:00:00', 'r1')}`);
  await duck.run(`INSERT INTO meta.symbols VALUES ('AAPL', 'Apple Inc.', 'Information Technology', 's,n', 'apple', 'shipped'), ('MSFT', 'Microsoft Corp.', 'Information Technology', 's,n,d', 'microsoft', 'shipped')`);
}
