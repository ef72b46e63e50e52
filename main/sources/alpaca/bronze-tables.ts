/**
 * Bronze tables written by the Alpaca ingestors (through the lake contract). Column names are
 * explicit snake_case: Alpaca's one-letter keys clash in DuckDB (S/s, T/t are the same column).
 * ts is the event time (microseconds, for SQL); ts_ns keeps Alpaca's nanoseconds exactly.
 */
import type { ColumnSpec, TableSpec } from '../../lake/types';
import { QUARANTINE_TABLE } from '../../ingest/quarantine';

const common: ColumnSpec[] = [
  { name: 'ts', type: 'timestamp', description: 'event time (UTC, microseconds)' },
  { name: 'ts_ns', type: 'long', description: 'event time, epoch nanoseconds (exact)' },
  { name: 'source', type: 'string', description: "'stream', 'repair' (REST gap fill) or 'backfill'" },
  { name: 'received_at', type: 'timestamp' },
  { name: 'batch_id', type: 'string' },
];

export const TRADES: TableSpec = {
  layer: 'bronze',
  name: 'alpaca_trades',
  description: 'Alpaca trades as received (stream, gap repair, backfill); exactly once per batch',
  columns: [
    { name: 'symbol', type: 'string' },
    { name: 'trade_id', type: 'long' },
    { name: 'exchange', type: 'string' },
    { name: 'price', type: 'double' },
    { name: 'size', type: 'long' },
    { name: 'conditions', type: 'string', description: 'condition flags, comma-separated' },
    { name: 'tape', type: 'string' },
    ...common,
  ],
};

export const QUOTES: TableSpec = {
  layer: 'bronze',
  name: 'alpaca_quotes',
  description: 'Alpaca NBBO/venue quotes as received',
  columns: [
    { name: 'symbol', type: 'string' },
    { name: 'bid_exchange', type: 'string' },
    { name: 'bid_price', type: 'double' },
    { name: 'bid_size', type: 'long' },
    { name: 'ask_exchange', type: 'string' },
    { name: 'ask_price', type: 'double' },
    { name: 'ask_size', type: 'long' },
    { name: 'conditions', type: 'string' },
    { name: 'tape', type: 'string' },
    ...common,
  ],
};

export const BARS: TableSpec = {
  layer: 'bronze',
  name: 'alpaca_bars',
  description: "Alpaca bars; bar_type b (minute), d (daily so far), u (updated) or 'rest'",
  columns: [
    { name: 'symbol', type: 'string' },
    { name: 'timeframe', type: 'string' },
    { name: 'bar_type', type: 'string' },
    { name: 'open', type: 'double' },
    { name: 'high', type: 'double' },
    { name: 'low', type: 'double' },
    { name: 'close', type: 'double' },
    { name: 'volume', type: 'long' },
    { name: 'trade_count', type: 'long' },
    { name: 'vwap', type: 'double' },
    ...common,
  ],
};

export const EVENTS: TableSpec = {
  layer: 'bronze',
  name: 'alpaca_events',
  description: 'Low-volume stream messages: statuses (s), LULDs (l), corrections (c), cancel/errors (x), imbalances (i), unknown types; payload is the message as JSON',
  columns: [
    { name: 'event_type', type: 'string' },
    { name: 'symbol', type: 'string' },
    { name: 'payload', type: 'string' },
    ...common,
  ],
};

/** The shared quarantine table of every source. */
export const QUARANTINE: TableSpec = QUARANTINE_TABLE;

export const BRONZE_TABLES = { trades: TRADES, quotes: QUOTES, bars: BARS, events: EVENTS, quarantine: QUARANTINE } as const;
export type BronzeKey = keyof typeof BRONZE_TABLES;
