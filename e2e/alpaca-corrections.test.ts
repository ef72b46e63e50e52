/**
 * Corrections and cancels, end to end: the offline server corrects or cancels a share of its
 * trades (`--corrections-rate`), the stream ingestor keeps them in bronze.alpaca_events, and the
 * silver trades model applies them: corrected trades carry the corrected price and size,
 * cancelled ones are gone, every other trade is unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { buildModels } from '../main/models/build';
import { startAlpacaServer } from '../main/servers/alpaca/server';
import { startStreamIngest } from '../main/sources/alpaca/stream-ingest';

const dir = mkdtempSync(path.join(tmpdir(), 'fde-alpaca-corrections-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trade corrections and cancels', () => {
  it('reach bronze from the stream and are applied by silver', async () => {
    const server = await startAlpacaServer({ seed: 3, speed: 600, symbols: ['MSFT', 'IBM'], correctionsRate: 0.05 });
    const lake = await openLake(path.join(dir, 'lake'));
    const ingest = await startStreamIngest({ url: server.streamUrl, restUrl: server.restUrl, key: 'k', secret: 's', symbols: ['MSFT', 'IBM'], channels: ['trades'], lake, spoolDir: path.join(dir, 'spool'), batchMaxMs: 100 });
    try {
      const end = Date.now() + 30_000;
      while (ingest.stats().events < 20 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await ingest.stop();
      await server.close();
    }
    await buildModels({ lake, select: '+trades', threads: 2 });
    const duck = await openDuck({ threads: 2 });
    try {
      await lake.attach(duck);
      const amended = await duck.all<{ event_type: string; n: number }>(`SELECT event_type, count(*)::INT AS n FROM bronze.alpaca_events GROUP BY 1 ORDER BY 1`);
      expect(amended.map((r) => r.event_type)).toEqual(['c', 'x']);
      // Corrections whose original trade was received (the last ones may refer to trades after the stop).
      const corrected = await duck.all<{ ok: boolean }>(`
        SELECT s.price = CAST(e.payload ->> 'cp' AS DOUBLE) AND s.size = CAST(e.payload ->> 'cs' AS BIGINT) AND s.corrected AS ok
        FROM bronze.alpaca_events e
        JOIN bronze.alpaca_trades b ON b.symbol = e.symbol AND b.trade_id = CAST(e.payload ->> 'oi' AS BIGINT) AND b.exchange = (e.payload ->> 'x')
        JOIN silver.trades s ON s.symbol = b.symbol AND s.trade_id = b.trade_id AND s.exchange = b.exchange
        WHERE e.event_type = 'c'`);
      expect(corrected.length).toBeGreaterThan(3);
      expect(corrected.every((r) => r.ok)).toBe(true);
      const [cancelled] = await duck.all<{ in_bronze: number; in_silver: number }>(`
        SELECT count(b.trade_id)::INT AS in_bronze, count(s.trade_id)::INT AS in_silver
        FROM bronze.alpaca_events e
        LEFT JOIN bronze.alpaca_trades b ON b.symbol = e.symbol AND b.trade_id = CAST(e.payload ->> 'i' AS BIGINT) AND b.exchange = (e.payload ->> 'x')
        LEFT JOIN silver.trades s ON s.symbol = e.symbol AND s.trade_id = CAST(e.payload ->> 'i' AS BIGINT) AND s.exchange = (e.payload ->> 'x')
        WHERE e.event_type = 'x'`);
      expect(cancelled!.in_bronze).toBeGreaterThan(3);
      expect(cancelled!.in_silver).toBe(0);
      const [untouched] = await duck.all<{ n: number; same: number }>(`
        SELECT count(*)::INT AS n, count(*) FILTER (WHERE s.price = b.price AND s.size = b.size AND NOT s.corrected)::INT AS same
        FROM bronze.alpaca_trades b JOIN silver.trades s USING (symbol, trade_id, exchange)
        WHERE NOT EXISTS (SELECT 1 FROM bronze.alpaca_events e WHERE e.symbol = b.symbol AND (e.payload ->> 'x') = b.exchange
          AND CAST(coalesce(e.payload ->> 'oi', e.payload ->> 'i') AS BIGINT) = b.trade_id)`);
      expect(untouched!.n).toBeGreaterThan(100);
      expect(untouched!.same).toBe(untouched!.n);
    } finally {
      duck.close();
    }
  });
});
