import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../duck/duck';
import { openLake } from '../lake/index';
import type { Lake } from '../lake/types';
import { tempDir } from '../lake/test-support/temp';
import { emptyBuilderStats } from '../sources/alpaca/batch-builder';
import type { IngestStats } from '../sources/alpaca/stream-ingest';
import { OperationsBus } from './operations-bus';
import { StreamMonitor } from './stream-monitor';

let lake: Lake;
let duck: Duck;
let cleanup: () => Promise<void>;
const trades = { layer: 'bronze' as const, name: 'alpaca_trades', columns: [{ name: 'symbol', type: 'string' as const }, { name: 'price', type: 'double' as const }] };
const append = async (n: number) => (await lake.ensureTable(trades)).append({ duck, sql: `SELECT 'MSFT' AS symbol, i::DOUBLE AS price FROM range(${n}) r(i)` });

beforeAll(async () => {
  const t = await tempDir('fde-monitor-');
  cleanup = t.cleanup;
  lake = await openLake(path.join(t.dir, 'lake'));
  duck = await openDuck();
  await append(7); // rows from before the stream: not counted
});
afterAll(async () => {
  duck.close();
  await lake.close();
  await cleanup();
});

describe('stream monitor', () => {
  it('follows the client state and counts only the trades committed while it ran', async () => {
    const bus = new OperationsBus();
    const seen: string[] = [];
    bus.subscribe((name, p) => name === 'streamStats' && seen.push((p as { state: string }).state));
    const monitor = new StreamMonitor(bus);
    const handle = await monitor.open({ runId: 'r1', symbols: ['MSFT'], lake });
    expect(monitor.state()).toMatchObject({ runId: 'r1', state: 'connecting', symbols: ['MSFT'] });
    const stats: IngestStats = {
      ...emptyBuilderStats(), messages: 120, trades: 40, appId: 'a', batches: 2, committedRows: 40, replayedSegments: 0, repairs: 1, repairRows: 3,
      reconnects: 1, firstReceivedMs: 1, lastCommitMs: 2, spoolMs: 0, commitMs: 0, latencyMs: { p50: 12, p99: 40, count: 40 },
    };
    handle.attach({ stats: () => stats });
    handle.event({ type: 'authenticated' });
    await append(5);
    await append(6);
    handle.event({ type: 'disconnected' });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(monitor.state()).toMatchObject({ state: 'reconnecting', reconnects: 1, gapsRepaired: 1, lagMs: { p50: 12, p99: 40 } });
    await handle.close();
    expect(monitor.state()).toMatchObject({ state: 'stopped', tradesCommitted: 11, tradesReceived: 40, messagesPerSec: 0 });
    expect(seen.at(0)).toBe('connecting');
    await new Promise((r) => setTimeout(r, 600));
    expect(seen.at(-1)).toBe('stopped');
  });
});
