/**
 * Per-stage ceilings for bench/ingest.ts, measured on the same firehose feed in the same run, so
 * the end-to-end number can be explained stage by stage:
 * - emit: a raw ws client that only counts messages (msgpack array headers, no decode);
 * - receive+decode: the same with the ingestor's decodeFrame on every frame;
 * - validate (compiled contract), validate+de-dup, and the whole hot path (contract, de-dup, CSV
 *   line) on the decoded messages, in memory;
 * - spool (CSV segment write + fsync + manifest) and commit (CSV -> Parquet -> Delta commit) of
 *   one batch on their own, without the server or the receiver competing for the cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { streamValidators } from '../pipelines/contracts/alpaca/index';
import { openDuck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { BatchBuilder, emptyBuilderStats } from '../main/sources/alpaca/batch-builder';
import { BronzeWriter } from '../main/sources/alpaca/bronze-writer';
import { decodeFrame, encodeAction } from '../main/sources/alpaca/codec';
import { Dedup } from '../main/sources/alpaca/dedup';
import { Spool } from '../main/sources/alpaca/spool';

export interface StageCeilings {
  emitMsgsPerSec: number;
  receiveDecodeMsgsPerSec: number;
  validateMsgsPerSec: number;
  validateDedupMsgsPerSec: number;
  hotPathMsgsPerSec: number;
  spoolRowsPerSec: number;
  commitRowsPerSec: number;
  sampleRows: number;
}

/** Messages in a msgpack frame (the top-level array header), without decoding it. */
function arrayLength(b: Buffer): number {
  const h = b[0] ?? 0;
  if (h >= 0x90 && h <= 0x9f) return h & 0x0f;
  if (h === 0xdc) return b.readUInt16BE(1);
  if (h === 0xdd) return b.readUInt32BE(1);
  return 0;
}

/** Subscribes to all trades and feeds every data frame to onFrame until the feed goes idle. */
async function consume(url: string, key: string, maxMs: number, onFrame: (data: Buffer) => number): Promise<number> {
  const ws = new WebSocket(url, { perMessageDeflate: false, headers: { 'Content-Type': 'application/msgpack' } });
  let messages = 0;
  let first = 0;
  let last = 0;
  let streaming = false;
  ws.on('message', (data: Buffer) => {
    if (!streaming) {
      const t = decodeFrame(data, true)[0] as { T?: string; msg?: string };
      if (t.T === 'success' && t.msg === 'connected') ws.send(encodeAction({ action: 'auth', key, secret: 's' }, true));
      else if (t.T === 'success') ws.send(encodeAction({ action: 'subscribe', trades: ['*'] }, true));
      else if (t.T === 'subscription') streaming = true;
      return;
    }
    const now = Date.now();
    if (!first) first = now;
    last = now;
    messages += onFrame(data);
  });
  const end = Date.now() + maxMs;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    if (messages !== seen) [seen, since] = [messages, Date.now()];
    else if (messages > 0 && Date.now() - since > 1500) break;
  }
  ws.terminate();
  return Math.round(messages / Math.max(0.001, (last - first) / 1000));
}

const perSec = (n: number, ms: number): number => Math.round(n / Math.max(0.001, ms / 1000));

export async function runStages(url: string, maxMs: number, sampleSize = 600_000): Promise<StageCeilings> {
  const emitMsgsPerSec = await consume(url, 'bench-stage-emit', maxMs, arrayLength);
  const sample: unknown[] = [];
  const receiveDecodeMsgsPerSec = await consume(url, 'bench-stage-decode', maxMs, (data) => {
    const msgs = decodeFrame(data, true);
    for (let i = 0; i < msgs.length && sample.length < sampleSize; i++) sample.push(msgs[i]);
    return msgs.length;
  });

  const vTrade = streamValidators.get('t')!;
  let t0 = performance.now();
  for (const m of sample) vTrade.check(m);
  const validateMsgsPerSec = perSec(sample.length, performance.now() - t0);
  const dedup = new Dedup();
  t0 = performance.now();
  for (const m of sample) {
    const t = m as { S: string; i: number; x: string };
    if (vTrade.check(m)) dedup.addTrade(t.S, t.i, t.x);
  }
  const validateDedupMsgsPerSec = perSec(sample.length, performance.now() - t0);
  const builder = new BatchBuilder(new Dedup(), emptyBuilderStats());
  const now = Date.now();
  t0 = performance.now();
  for (const m of sample) builder.add(m, now, 'stream');
  const hotPathMsgsPerSec = perSec(sample.length, performance.now() - t0);
  const content = builder.take();

  const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-bench-stages-'));
  const duck = await openDuck({ threads: 2 });
  try {
    await duck.run('SET preserve_insertion_order=false');
    const spool = await Spool.open(path.join(dir, 'spool'));
    t0 = performance.now();
    const manifest = await spool.write(1, 'stages:1', content);
    const spoolRowsPerSec = perSec(content.rows, performance.now() - t0);
    const writer = await BronzeWriter.open(await openLake(path.join(dir, 'lake')), duck, 'bench-stages');
    t0 = performance.now();
    const rows = await writer.commit(spool, manifest);
    const commitRowsPerSec = perSec(rows, performance.now() - t0);
    return { emitMsgsPerSec, receiveDecodeMsgsPerSec, validateMsgsPerSec, validateDedupMsgsPerSec, hotPathMsgsPerSec, spoolRowsPerSec, commitRowsPerSec, sampleRows: content.rows };
  } finally {
    duck.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
