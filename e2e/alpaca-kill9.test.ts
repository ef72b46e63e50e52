/**
 * kill -9 of the ingesting process mid-stream, then a restart: the spool is re-delivered (txn
 * markers skip what had landed), the downtime gap is repaired from REST, and bronze ends with
 * every emitted trade exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { openDuck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { startAlpacaServer } from '../main/servers/alpaca/server';
import { AlpacaRestClient } from '../main/sources/alpaca/rest-client';
import { nsToRfc3339, rfc3339ToNs } from '../pipelines/market/index';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'fde-alpaca-kill9-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Status {
  event: string;
  committedRows: number;
  repairs: number;
  replayedSegments: number;
  lastTradeTs?: string;
}

function startIngest(args: string[]): { child: ChildProcess; last: () => Status | undefined; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/fde.mjs'), 'ingest', 'stream', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let last: Status | undefined;
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) if (l.startsWith('{')) last = JSON.parse(l) as Status;
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    children.delete(child);
    if (code !== 0 && code !== null) console.error(err);
    resolve(code);
  }));
  return { child, last: () => last, exited };
}

const until = async (cond: () => boolean, ms: number, what: string): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

it('survives kill -9 mid-stream with no duplicates and nothing lost', async () => {
  const symbols = ['MSFT', 'IBM'];
  const server = await startAlpacaServer({ seed: 5, speed: 300, symbols });
  const lakeDir = path.join(dir, 'lake');
  const args = ['--url', server.streamUrl, '--rest-url', server.restUrl, '--symbols', symbols.join(','), '--channels', 'trades', '--lake', lakeDir, '--spool', path.join(dir, 'spool'), '--batch-ms', '50', '--lease-ms', '1500'];
  try {
    const first = startIngest(args);
    await until(() => (first.last()?.committedRows ?? 0) > 300, 60_000, 'first ingestor to commit');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    await new Promise((r) => setTimeout(r, 800)); // trades keep flowing while nobody listens

    const second = startIngest(args);
    await until(() => (second.last()?.repairs ?? 0) >= 1, 60_000, 'restart gap repair');
    server.pause();
    await new Promise((r) => setTimeout(r, 200));
    const lastNs = BigInt(server.stats().lastTradeNs);
    await until(() => {
      const ts = second.last()?.lastTradeTs;
      return ts !== undefined && rfc3339ToNs(ts)! >= lastNs;
    }, 30_000, 'restarted ingestor to catch up');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const lake = await openLake(lakeDir);
    const duck = await openDuck({ threads: 2 });
    await lake.attach(duck);
    const [agg] = (await duck.json(`SELECT min(ts_ns) AS lo, count(*) AS n, count(DISTINCT (symbol, trade_id, exchange)) AS d FROM bronze.alpaca_trades`)).rows;
    const dups = await duck.json(`SELECT symbol, trade_id, exchange, ts_ns, source, batch_id, received_at FROM bronze.alpaca_trades WHERE (symbol, trade_id, exchange) IN (SELECT (symbol, trade_id, exchange) FROM bronze.alpaca_trades GROUP BY ALL HAVING count(*) > 1) ORDER BY trade_id`);
    expect(dups.rows).toEqual([]);
    expect(Number(agg!.n)).toBe(Number(agg!.d));
    const expected = new Set<string>();
    const rest = new AlpacaRestClient({ baseUrl: server.restUrl, key: 'k', secret: 's' });
    for await (const page of rest.pages({ kind: 'trades', symbols, start: nsToRfc3339(BigInt(String(agg!.lo))), end: nsToRfc3339(lastNs) })) {
      for (const [S, rows] of page) for (const r of rows) expected.add(`${S}|${String(r.i)}|${String(r.x)}`);
    }
    const got = new Set((await duck.all<{ k: string }>(`SELECT symbol || '|' || trade_id || '|' || exchange AS k FROM bronze.alpaca_trades WHERE ts_ns <= ${lastNs}`)).map((r) => r.k));
    expect([...expected].filter((k) => !got.has(k)).slice(0, 5)).toEqual([]);
    expect([...got].filter((k) => !expected.has(k)).slice(0, 5)).toEqual([]);
    expect(expected.size).toBeGreaterThan(300);
    duck.close();
  } finally {
    await server.close();
  }
});
