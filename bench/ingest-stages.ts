/**
 * Per-stage ceilings for bench/ingest.ts, measured on the same firehose feed in the same run, so
 * the end-to-end number can be explained stage by stage:
 * - emit: a raw ws client that only counts messages (msgpack array headers, no decode);
 * - receive+decode: the same with a full msgpackr decode of every frame into objects (what the
 *   seed-style client and the SDK do; the ingestor no longer does it for trades);
 * - byte reader: the trade contract checked on the frame bytes (MsgpackContractReader) alone;
 * - hot path: BatchBuilder.addMsgpackFrame (byte reader, de-dup, trade columns) on recorded
 *   frames, in memory;
 * - spool (Parquet encode + fsync + manifest) and commit (Parquet file -> Delta commit) of one
 *   batch on their own, without the server or the receiver competing for the cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { streamJsonSchema } from '../pipelines/contracts/alpaca/index';
import { openDuck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { BatchBuilder, emptyBuilderStats } from '../main/sources/alpaca/batch-builder';
import { BronzeWriter } from '../main/sources/alpaca/bronze-writer';
import { decodeFrame, encodeAction } from '../main/sources/alpaca/codec';
import { Dedup } from '../main/sources/alpaca/dedup';
import { MsgpackContractReader } from '../main/sources/alpaca/msgpack-contract';
import { frameArray } from '../main/sources/alpaca/msgpack-frame';
import { Spool } from '../main/sources/alpaca/spool';

export interface StageCeilings {
  emitMsgsPerSec: number;
  receiveDecodeMsgsPerSec: number;
  byteReaderMsgsPerSec: number;
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
  const frames: Buffer[] = [];
  let sampled = 0;
  const receiveDecodeMsgsPerSec = await consume(url, 'bench-stage-decode', maxMs, (data) => {
    const n = decodeFrame(data, true).length;
    if (sampled < sampleSize) {
      frames.push(data);
      sampled += n;
    }
    return n;
  });

  const reader = MsgpackContractReader.compile(streamJsonSchema('t'))!;
  let t0 = performance.now();
  for (const f of frames) {
    const view = new DataView(f.buffer, f.byteOffset, f.length);
    const { count, start } = frameArray(f);
    for (let k = 0, pos = start; k < count && pos >= 0; k++) pos = reader.read(f, view, pos);
  }
  const byteReaderMsgsPerSec = perSec(sampled, performance.now() - t0);
  const builder = new BatchBuilder(new Dedup(), emptyBuilderStats());
  const now = Date.now();
  t0 = performance.now();
  for (const f of frames) builder.addMsgpackFrame(f, now, 'stream');
  const hotPathMsgsPerSec = perSec(sampled, performance.now() - t0);
  const content = builder.take();

  const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-bench-stages-'));
  const duck = await openDuck({ threads: 2 });
  try {
    await duck.run('SET preserve_insertion_order=false');
    const spool = await Spool.open(path.join(dir, 'spool'));
    t0 = performance.now();
    const rowsInBatch = content.rows;
    const manifest = await spool.write(1, 'stages:1', content);
    const spoolRowsPerSec = perSec(rowsInBatch, performance.now() - t0);
    const writer = await BronzeWriter.open(await openLake(path.join(dir, 'lake')), duck, 'bench-stages');
    t0 = performance.now();
    const rows = await writer.commit(spool, manifest);
    await spool.close();
    const commitRowsPerSec = perSec(rows, performance.now() - t0);
    return { emitMsgsPerSec, receiveDecodeMsgsPerSec, byteReaderMsgsPerSec, hotPathMsgsPerSec, spoolRowsPerSec, commitRowsPerSec, sampleRows: rowsInBatch };
  } finally {
    duck.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
