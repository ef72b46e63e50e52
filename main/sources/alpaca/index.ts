/**
 * Alpaca market data for the engine: the offline server, the stream ingestor and the REST
 * backfill. Entry points for the CLI, the demo and the UI (see docs/alpaca.md).
 */
export { startAlpacaServer, type AlpacaServer, type AlpacaServerOptions } from '../../servers/alpaca/server';
export { startStreamIngest, type StreamIngest, type StreamIngestOptions, type IngestStats } from './stream-ingest';
export { backfillAlpaca, type BackfillOptions, type BackfillProgress, type BackfillResult, type BackfillWhat } from './backfill';
export { AlpacaRestClient, ALPACA_DATA_URL } from './rest-client';
export { StreamClient, AlpacaStreamError, type Channel, type StreamEvent } from './stream-client';
export { resolveAlpacaKeys, type AlpacaKeys } from './credentials';
export { BRONZE_TABLES, TRADES, QUOTES, BARS, EVENTS, QUARANTINE } from './bronze-tables';
