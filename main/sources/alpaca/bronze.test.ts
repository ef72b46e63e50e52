import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Packr } from 'msgpackr';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuck } from '../../duck/duck';
import { openLake } from '../../lake/index';
import { startAlpacaServer } from '../../servers/alpaca/server';
import { MsgpackWriter } from '../../servers/alpaca/msgpack-writer';
import { backfillAlpaca } from './backfill';
import { BatchBuilder, emptyBuilderStats } from './batch-builder';
import { BronzeWriter } from './bronze-writer';
import { decodeFrame } from './codec';
import { Dedup } from './dedup';
import { Spool } from './spool';

const dir = mkdtempSync(path.join(tmpdir(), 'fde-alpaca-bronze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const trade = (i: number, t: string) => ({ T: 't', S: 'MSFT', i, x: 'Q', p: 60.5, s: 100, c: ['@'], t, z: 'C' });

describe('codec', () => {
  it('decodes msgpack timestamp extension -1 in all three forms into RFC 3339 with nanoseconds', () => {
    const w = new MsgpackWriter().arrayHeader(3);
    w.mapHeader(1).str('t').timestamp(970493503, 115607251); // 64-bit form
    const sec = Buffer.alloc(4);
    sec.writeUInt32BE(970493503);
    w.mapHeader(1).str('t').raw(Buffer.concat([Buffer.from([0xd6, 0xff]), sec])); // 32-bit form: seconds only
    w.mapHeader(1).str('t').raw(Buffer.concat([Buffer.from([0xc7, 12, 0xff, 0, 0, 0, 7, 0, 0, 0, 0]), sec])); // 96-bit form
    const out = decodeFrame(w.toBuffer(), true) as Array<{ t: string }>;
    expect(out.map((m) => m.t)).toEqual(['2000-10-02T13:31:43.115607251Z', '2000-10-02T13:31:43Z', '2000-10-02T13:31:43.000000007Z']);
    expect(decodeFrame(new Packr().pack([{ T: 'x' }]), true)).toEqual([{ T: 'x' }]);
    expect(() => decodeFrame(Buffer.from([0x92, 0x81, 0xa1, 0x54]), true)).toThrow(); // truncated frame
  });
});

describe('spool + bronze writer', () => {
  it('re-delivers committed and uncommitted segments exactly once and drops incomplete ones', async () => {
    const lake = await openLake(path.join(dir, 'lake1'));
    const duck = await openDuck({ threads: 1 });
    const writer = await BronzeWriter.open(lake, duck, 'app-1');
    const spool = await Spool.open(path.join(dir, 'spool1'));
    const b = new BatchBuilder(new Dedup(), emptyBuilderStats());
    b.add(trade(1, '2000-10-02T13:30:00.000000001Z'), 1000, 'stream');
    b.add(trade(1, '2000-10-02T13:30:00.000000001Z'), 1000, 'stream'); // duplicate
    b.add({ ...trade(2, '2000-10-02T13:30:01Z'), p: 'x' }, 1000, 'stream'); // quarantined
    b.add({ T: 's', S: 'MSFT', sc: 'H', sm: 'Halt', rc: '', rm: '', t: '2000-10-02T13:30:02Z', z: 'C' }, 1000, 'stream');
    b.add({ T: 'zz', S: 'MSFT' }, 1000, 'stream'); // unknown type: kept
    const s1 = await spool.write(1, 'app-1:1', b.take());
    b.add(trade(3, '2000-10-02T13:30:03.5Z'), 2000, 'stream');
    await spool.write(2, 'app-1:2', b.take());
    writeFileSync(path.join(dir, 'spool1', '000000000003.trades.csv'), 'MSFT,9,Q,1,1,"",C,1,1,stream\n'); // crash before its manifest
    expect(await writer.commit(spool, s1)).toBe(4); // 1 trade, 1 quarantine, 2 events
    // "restart": every complete segment is re-delivered
    const pending = await spool.pending();
    expect(pending.map((m) => m.seq)).toEqual([1, 2]);
    expect(readdirSync(path.join(dir, 'spool1')).some((n) => n.startsWith('000000000003'))).toBe(false);
    let added = 0;
    for (const m of pending) added += await writer.commit(spool, m);
    expect(added).toBe(1); // only segment 2's trade
    expect(await writer.committedSeq()).toBe(2);
    await lake.attach(duck);
    const rows = await duck.json('SELECT trade_id, ts, ts_ns, source, batch_id FROM bronze.alpaca_trades ORDER BY trade_id');
    expect(rows.rows).toEqual([
      { trade_id: '1', ts: '2000-10-02 13:30:00+00', ts_ns: '970493400000000001', source: 'stream', batch_id: 'app-1:1' },
      { trade_id: '3', ts: '2000-10-02 13:30:03.5+00', ts_ns: '970493403500000000', source: 'stream', batch_id: 'app-1:2' },
    ]);
    const q = await duck.json('SELECT source, contract, reason FROM bronze.quarantine');
    expect(q.rows).toEqual([{ source: 'alpaca', contract: 'alpaca.trade.v1', reason: 'p: Invalid input: expected number, received string' }]);
    const ev = await duck.json('SELECT event_type FROM bronze.alpaca_events ORDER BY 1');
    expect(ev.rows.map((r) => r.event_type)).toEqual(['s', 'unknown:zz']);
    duck.close();
  });
});

describe('backfill', () => {
  it('resumes per symbol and day after an interruption and never duplicates', async () => {
    const server = await startAlpacaServer({ seed: 8, symbols: ['MSFT', 'IBM'], maxTradesPerDay: 600 });
    try {
      const lake = await openLake(path.join(dir, 'lake2'));
      const common = { restUrl: server.restUrl, key: 'k', secret: 's', lake, symbols: ['MSFT', 'IBM'], start: '2000-10-02', end: '2000-10-13', what: 'trades' as const, concurrency: 1 };
      const abort = new AbortController();
      let seen = 0;
      const first = await backfillAlpaca({ ...common, signal: abort.signal, onProgress: () => ++seen === 4 && abort.abort() });
      expect(first.units).toBe(4);
      const second = await backfillAlpaca(common);
      expect(second.skippedUnits).toBe(4);
      const third = await backfillAlpaca(common);
      expect(third.committedRows).toBe(0);
      expect(third.skippedUnits).toBe(20);
      const duck = await openDuck({ threads: 1 });
      await lake.attach(duck);
      const [r] = (await duck.json(`SELECT count(*) AS n, count(DISTINCT (symbol, trade_id, exchange)) AS d, count(DISTINCT symbol || CAST(CAST(ts AS DATE) AS VARCHAR)) AS days FROM bronze.alpaca_trades`)).rows;
      expect(r).toEqual({ n: r!.d, d: r!.d, days: '20' });
      expect(Number(r!.n)).toBe(first.committedRows + second.committedRows);
      // An earlier range after a later one still commits: every symbol-day has its own marker.
      const earlier = await backfillAlpaca({ ...common, symbols: ['MSFT'], start: '2000-09-27', end: '2000-09-29' });
      expect(earlier.skippedUnits).toBe(0);
      expect(earlier.committedRows).toBeGreaterThan(0);
      const bars = await backfillAlpaca({ ...common, what: 'bars', timeframe: '1Day', start: '2000-10-02', end: '2001-09-27' });
      const days = (sym: string): number => server.store.dailySeries(sym).filter((b) => b.date >= '2000-10-02' && b.date <= '2001-09-27').length;
      expect(bars.committedRows).toBe(days('MSFT') + days('IBM')); // IBM (Dow table) ends 2001-01-02; MSFT covers the year
      duck.close();
    } finally {
      await server.close();
    }
  });
});
