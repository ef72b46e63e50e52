/**
 * Under drops, stalls, malformed messages, duplicates and reorders, bronze (stream + REST gap
 * repair) holds every trade the server emitted for the subscribed symbols exactly once, and the
 * quarantine holds every malformed message with a reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { startAlpacaServer } from '../main/servers/alpaca/server';
import { startStreamIngest } from '../main/sources/alpaca/stream-ingest';
import { AlpacaRestClient } from '../main/sources/alpaca/rest-client';
import { nsToRfc3339 } from '../pipelines/market/index';

const dir = mkdtempSync(path.join(tmpdir(), 'fde-alpaca-faults-'));
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const CASES = [
  { name: 'msgpack, named symbols', encoding: 'msgpack', subscribe: ['MSFT', 'IBM', 'KO'], symbols: ['MSFT', 'IBM', 'KO'] },
  { name: 'json, named symbols', encoding: 'json', subscribe: ['MSFT', 'IBM', 'KO'], symbols: ['MSFT', 'IBM', 'KO'] },
  { name: 'msgpack, *', encoding: 'msgpack', subscribe: ['*'], symbols: ['GE', 'IBM', 'KO', 'MSFT'] }, // repair asks for every symbol seen
] as const;

describe.each(CASES)('alpaca ingest under fault injection ($name)', ({ encoding, subscribe, symbols: expectedSymbols }) => {
  it('keeps every emitted trade exactly once and quarantines every malformed message', async () => {
    const symbols = [...expectedSymbols];
    const label = `${encoding}-${subscribe.length}`;
    const server = await startAlpacaServer({
      seed: 11,
      speed: 400,
      symbols: ['MSFT', 'IBM', 'KO', 'GE'],
      faults: { dropEverySec: 1.2, stallEverySec: 0, malformedRate: 0.02, duplicateRate: 0.05, reorderRate: 0.05 },
    });
    cleanups.push(() => server.close());
    const lake = await openLake(path.join(dir, `lake-${label}`));
    const ingest = await startStreamIngest({
      url: server.streamUrl,
      restUrl: server.restUrl,
      key: 'k',
      secret: 's',
      symbols: [...subscribe],
      channels: ['trades', 'quotes'],
      lake,
      spoolDir: path.join(dir, `spool-${label}`),
      encoding,
      batchMaxMs: 100,
      silenceMs: 700,
      initialBackoffMs: 50,
      maxBackoffMs: 200,
    });
    try {
      await until(() => ingest.stats().reconnects >= 3 && ingest.stats().repairs >= 2, 30_000, 'reconnects and repairs');
      // switch to stalls for a while (silent socket while pings work), then settle
      server.setFaults({ dropEverySec: 0, stallEverySec: 0.8 });
      const stalls = server.stats().stalls;
      await until(() => server.stats().stalls >= stalls + 1, 20_000, 'a stall');
      server.setFaults({ stallEverySec: 0 });
      const reconnects = ingest.stats().reconnects;
      await until(() => ingest.stats().reconnects > reconnects, 20_000, 'reconnect after the stall');
      await until(() => ingest.stats().repairs >= 3, 20_000, 'repair after the stall');
      await new Promise((r) => setTimeout(r, 300));
      server.pause();
      await new Promise((r) => setTimeout(r, 200));
      const emitted = server.stats();
      await until(() => ingest.stats().lastTradeTs !== undefined && ingest.stats().lastTradeTs! >= nsToRfc3339(BigInt(emitted.lastTradeNs)).slice(0, 19), 20_000, 'client to catch up');
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await ingest.stop();
    }
    const stats = server.stats();
    expect(stats.malformedSent).toBeGreaterThan(0);
    expect(stats.duplicatesSent).toBeGreaterThan(0);
    expect(stats.reordered).toBeGreaterThan(0);
    expect(stats.drops + stats.stalls).toBeGreaterThanOrEqual(4);

    const duck = await openDuck({ threads: 2 });
    cleanups.push(() => duck.close());
    await lake.attach(duck);
    const [span] = await duck.json(`SELECT min(ts_ns) AS lo, count(*) AS n, count(DISTINCT (symbol, trade_id, exchange)) AS d, count(*) FILTER (WHERE source = 'repair') AS repaired FROM bronze.alpaca_trades`).then((r) => r.rows);
    expect(Number(span!.n)).toBe(Number(span!.d)); // no duplicates
    expect(Number(span!.repaired)).toBeGreaterThan(0);
    // Expected: every tape trade of the subscribed symbols from the first one received to the last emitted.
    const rest = new AlpacaRestClient({ baseUrl: server.restUrl, key: 'k', secret: 's' });
    const expected = new Set<string>();
    const start = nsToRfc3339(BigInt(String(span!.lo)));
    const end = nsToRfc3339(BigInt(stats.lastTradeNs));
    for await (const page of rest.pages({ kind: 'trades', symbols, start, end })) {
      for (const [S, rows] of page) for (const r of rows) expected.add(`${S}|${String(r.i)}|${String(r.x)}`);
    }
    const got = await duck.all<{ k: string }>(`SELECT symbol || '|' || trade_id || '|' || exchange AS k FROM bronze.alpaca_trades WHERE ts_ns <= ${stats.lastTradeNs}`);
    const gotSet = new Set(got.map((r) => r.k));
    const missing = [...expected].filter((k) => !gotSet.has(k));
    const extra = [...gotSet].filter((k) => !expected.has(k));
    expect(missing.slice(0, 5)).toEqual([]);
    expect(extra.slice(0, 5)).toEqual([]);
    expect(expected.size).toBeGreaterThan(200);

    const q = await duck.json(`SELECT contract, reason, raw FROM bronze.quarantine`);
    expect(q.rows.length).toBe(stats.malformedSent);
    for (const row of q.rows) expect(String(row.reason).length).toBeGreaterThan(5);
  });
});
