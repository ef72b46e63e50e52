/**
 * The two reference consumers measured by bench/ingest.ts on the same feed as the fde ingestor:
 * a seed-style baseline (per-message zod parse, one JSON file per batch, same lake commit) and
 * the official Alpaca SDK's stream consumer (receive + map only, no storage).
 */
import { open, mkdir } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { streaming } from '@alpacahq/alpaca-trade-api';
import { streamTrade } from '../pipelines/contracts/alpaca/index';
import type { Duck } from '../main/duck/duck';
import { sqlString } from '../main/duck/duck';
import type { Lake } from '../main/lake/types';
import { TRADES } from '../main/sources/alpaca/bronze-tables';
import { decodeFrame, encodeAction } from '../main/sources/alpaca/codec';
import { LatencyRecorder } from '../main/sources/alpaca/latency';

export interface ConsumerResult {
  messages: number;
  committedRows: number;
  seconds: number;
  msgsPerSec: number;
  latencyMs?: { p50: number; p99: number; count: number };
}

const idleDone = async (count: () => number, maxMs: number, idleMs = 1500): Promise<void> => {
  const end = Date.now() + maxMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    const n = count();
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (n > 0 && Date.now() - since > idleMs) return;
  }
};

/** Seed-style: zod safeParse per message, rows as objects, one JSON file per batch, lake append. */
export async function runBaseline(url: string, lake: Lake, duck: Duck, dir: string, maxMs: number): Promise<ConsumerResult> {
  await mkdir(dir, { recursive: true });
  const table = await lake.ensureTable(TRADES);
  const ws = new WebSocket(url, { perMessageDeflate: false, headers: { 'Content-Type': 'application/msgpack' } });
  let rows: Record<string, unknown>[] = [];
  let frames: Array<[number, number]> = [];
  let messages = 0;
  let committed = 0;
  let first = 0;
  let lastCommit = 0;
  let seq = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const latency = new LatencyRecorder();
  const flush = (): void => {
    if (rows.length === 0) return;
    const batch = rows;
    const batchFrames = frames;
    rows = [];
    frames = [];
    const mySeq = ++seq;
    chain = chain.then(async () => {
      const file = path.join(dir, `batch-${mySeq}.json`);
      const h = await open(file, 'w');
      await h.writeFile(JSON.stringify(batch));
      await h.sync();
      await h.close();
      const sql = `SELECT symbol, trade_id, exchange, price, size, conditions, tape, CAST(ts AS TIMESTAMP) AS ts, epoch_ns(CAST(ts AS TIMESTAMP_NS)) AS ts_ns, 'stream' AS source, CAST(received_at AS TIMESTAMP) AS received_at, 'baseline:${mySeq}' AS batch_id
        FROM read_json(${sqlString(file)}, format='array', columns={symbol:'VARCHAR',trade_id:'BIGINT',exchange:'VARCHAR',price:'DOUBLE',size:'BIGINT',conditions:'VARCHAR',tape:'VARCHAR',ts:'VARCHAR',received_at:'VARCHAR'})`;
      const res = await table.append({ duck, sql }, { txn: { appId: 'bench-baseline', version: mySeq } });
      committed += res.addedRows;
      lastCommit = Date.now();
      latency.record(batchFrames, lastCommit);
    });
  };
  const timer = setInterval(() => {
    if (rows.length > 0) flush();
  }, 250);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const now = Date.now();
    if (!first) first = now;
    const msgs = decodeFrame(data, isBinary);
    const t = msgs[0] as { T?: string; msg?: string };
    if (msgs.length === 1 && t.T === 'success' && t.msg === 'connected') return ws.send(encodeAction({ action: 'auth', key: 'bench-baseline', secret: 's' }, true));
    if (msgs.length === 1 && t.T === 'success') return ws.send(encodeAction({ action: 'subscribe', trades: ['*'] }, true));
    if (t.T === 'subscription') return;
    frames.push([now, msgs.length]);
    const receivedAt = new Date(now).toISOString();
    for (const m of msgs) {
      messages++;
      const r = streamTrade.safeParse(m);
      if (!r.success) continue;
      const d = r.data;
      rows.push({ symbol: d.S, trade_id: d.i, exchange: d.x, price: d.p, size: d.s, conditions: (d.c ?? []).join(','), tape: d.z ?? null, ts: d.t, received_at: receivedAt });
    }
    if (rows.length >= 50_000) flush();
  });
  await idleDone(() => messages, maxMs);
  clearInterval(timer);
  ws.terminate();
  flush();
  await chain;
  const seconds = (lastCommit - first) / 1000;
  return { messages, committedRows: committed, seconds, msgsPerSec: Math.round(committed / seconds), latencyMs: latency.summary() };
}

/** The official SDK's stream consumer: decode + map every trade to its canonical shape. */
export async function runSdk(url: string, maxMs: number): Promise<ConsumerResult> {
  const stream = new streaming.StockDataStream({ url, credentials: { keyId: 'bench-sdk', secret: 's' }, reconnect: false });
  let n = 0;
  let first = 0;
  let last = 0;
  stream.on('trade', () => {
    const now = Date.now();
    if (!first) first = now;
    last = now;
    n++;
  });
  stream.subscribeForTrades(['*']);
  stream.connect();
  await stream.waitForAuthentication(30_000);
  await idleDone(() => n, maxMs);
  stream.disconnect();
  const seconds = (last - first) / 1000;
  return { messages: n, committedRows: 0, seconds, msgsPerSec: Math.round(n / seconds) };
}
