/**
 * Live state of the alpaca-stream task for the stream page. The task opens a handle when the
 * ingest starts, passes the stream client's events and the ingest (for its stats), and closes
 * it when the ingest stopped. The monitor samples the stats twice a second, derives rates and
 * the trades committed to bronze.alpaca_trades since the start (the table's row count in the
 * Delta log, so it counts exactly what was committed), and publishes `streamStats`.
 */
import type { StreamStats } from '../../api/operations-api';
import type { Lake } from '../lake/types';
import type { IngestStats } from '../sources/alpaca/stream-ingest';
import { operationsBus, type OperationsBus } from './operations-bus';

const SAMPLE_MS = 500;

export interface StreamHandle {
  /** A stream client event (authenticated, disconnected, ...). */
  event(e: { type: string }): void;
  attach(ingest: { stats(): IngestStats }): void;
  /** After the ingest stopped: takes the final numbers and marks the stream stopped. */
  close(): Promise<void>;
}

async function tradeRows(lake: Lake): Promise<number> {
  const table = await lake.openTable('bronze', 'alpaca_trades');
  return table ? (await table.snapshot()).numRecords : 0;
}

export class StreamMonitor {
  private current: StreamStats = stoppedStats(null, []);

  constructor(private readonly bus: OperationsBus = operationsBus) {}

  state(): StreamStats {
    return this.current;
  }

  async open(o: { runId: string; symbols: readonly string[]; lake: Lake }): Promise<StreamHandle> {
    const baseline = await tradeRows(o.lake);
    let ingest: { stats(): IngestStats } | undefined;
    let state: StreamStats['state'] = 'connecting';
    let prev = { at: Date.now(), messages: 0 };
    let rate = 0;
    let committed = 0;
    let counting: Promise<void> | undefined;
    const symbols = [...o.symbols];
    const snapshot = (): StreamStats => {
      const s = ingest?.stats();
      return {
        runId: o.runId, state, symbols, messagesPerSec: rate, messages: s?.messages ?? 0, tradesReceived: s?.trades ?? 0,
        committedRows: s?.committedRows ?? 0, tradesCommitted: committed, lagMs: { p50: s?.latencyMs.p50 ?? 0, p99: s?.latencyMs.p99 ?? 0 },
        reconnects: s?.reconnects ?? 0, gapsRepaired: s?.repairs ?? 0, repairRows: s?.repairRows ?? 0, quarantined: s?.quarantined ?? 0,
        lastTradeTs: s?.lastTradeTs ?? null, updatedAt: new Date().toISOString(),
      };
    };
    const sample = () => {
      const s = ingest?.stats();
      const now = Date.now();
      if (s) {
        rate = ((s.messages - prev.messages) * 1000) / Math.max(1, now - prev.at);
        prev = { at: now, messages: s.messages };
      }
      // The Delta log read is small but async: one at a time.
      counting ??= tradeRows(o.lake)
        .then((n) => void (committed = n - baseline))
        .catch(() => undefined)
        .finally(() => (counting = undefined));
      this.current = snapshot();
      this.bus.publish('streamStats', this.current);
    };
    const timer = setInterval(sample, SAMPLE_MS);
    timer.unref();
    sample();
    return {
      event: (e) => {
        if (e.type === 'authenticated') state = 'connected';
        else if (e.type === 'disconnected') state = 'reconnecting';
        else if (e.type === 'connecting' && state !== 'connecting') state = 'reconnecting';
      },
      attach: (i) => {
        ingest = i;
      },
      close: async () => {
        clearInterval(timer);
        await counting;
        committed = (await tradeRows(o.lake).catch(() => baseline)) - baseline;
        state = 'stopped';
        rate = 0;
        this.current = snapshot();
        this.bus.publish('streamStats', this.current);
      },
    };
  }
}

function stoppedStats(runId: string | null, symbols: string[]): StreamStats {
  return {
    runId, state: 'stopped', symbols, messagesPerSec: 0, messages: 0, tradesReceived: 0, committedRows: 0, tradesCommitted: 0,
    lagMs: { p50: 0, p99: 0 }, reconnects: 0, gapsRepaired: 0, repairRows: 0, quarantined: 0, lastTradeTs: null, updatedAt: new Date().toISOString(),
  };
}

/** The one monitor of this process (the stream task and the stream page meet here). */
export const streamMonitor = new StreamMonitor();
