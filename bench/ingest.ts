/**
 * npm run bench:ingest — end to end: offline Alpaca server in another process (firehose of one
 * session of N symbols) -> fde stream ingestor (msgpack decode, compiled contracts, de-dup,
 * durable spool with fsync, exactly-once bronze commit). In the same run: the seed-style
 * baseline and the official SDK consumer on the same feed, and receive-to-commit latency at a
 * capped 100k msgs/s. Prints JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { startStreamIngest, type IngestStats } from '../main/sources/alpaca/stream-ingest';
import { runBaseline, runSdk } from './ingest-consumers';
import { runStages } from './ingest-stages';

const root = fileURLToPath(new URL('..', import.meta.url));
const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 600);
const MAX_MS = Number(process.env.BENCH_MAX_SECONDS ?? 20) * 1000;
const work = mkdtempSync(path.join(os.tmpdir(), 'fde-bench-ingest-'));
const children: ChildProcess[] = [];

async function startServer(extra: string[]): Promise<{ streamUrl: string; restUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/fde.mjs'), 'alpaca-server', '--port', '0', '--seed', '1', '--symbols', String(SYMBOLS), '--firehose', '--connection-limit', '10', ...extra], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve({ ...(JSON.parse(line) as { streamUrl: string; restUrl: string }), child });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function runFde(streamUrl: string, restUrl: string, name: string, maxMs: number): Promise<IngestStats> {
  const lake = await openLake(path.join(work, `lake-${name}`));
  const ingest = await startStreamIngest({ url: streamUrl, restUrl, key: `bench-${name}`, secret: 's', symbols: ['*'], channels: ['trades'], lake, spoolDir: path.join(work, `spool-${name}`), batchMaxRows: 300_000, batchMaxMs: 250 });
  const end = Date.now() + maxMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    const n = ingest.stats().messages; // idle = nothing more arriving; stop() then commits the rest
    if (n !== last) [last, since] = [n, Date.now()];
    else if (n > 0 && Date.now() - since > 1500) break;
  }
  return ingest.stop();
}

const rate = (s: IngestStats): number => Math.round(s.committedRows / ((s.lastCommitMs - s.firstReceivedMs) / 1000));

const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
try {
  const t0 = Date.now();
  const feed = await startServer([]);
  const serverReadySec = (Date.now() - t0) / 1000;
  const fde = await runFde(feed.streamUrl, feed.restUrl, 'fde', MAX_MS);
  const duck = await openDuck({ threads: 2 });
  const baseline = await runBaseline(feed.streamUrl, await openLake(path.join(work, 'lake-baseline')), duck, path.join(work, 'baseline-batches'), MAX_MS);
  duck.close();
  const sdk = await runSdk(feed.streamUrl, MAX_MS);
  const stages = await runStages(feed.streamUrl, MAX_MS);
  feed.child.kill('SIGTERM');
  const capped = await startServer(['--rate', '100000']);
  const at100k = await runFde(capped.streamUrl, capped.restUrl, 'capped', Number(process.env.BENCH_LATENCY_SECONDS ?? 10) * 1000);
  capped.child.kill('SIGTERM');
  const fdeRate = rate(fde);
  const result = {
    bench: 'ingest',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAvgStart: loadAtStart, loadAvgEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    feed: { symbols: SYMBOLS + 30, tradesInSession: fde.trades, encoding: 'msgpack', serverReadySec },
    fde: { msgsPerSec: fdeRate, committedRows: fde.committedRows, batches: fde.batches, spoolMs: fde.spoolMs, commitMs: fde.commitMs, seconds: (fde.lastCommitMs - fde.firstReceivedMs) / 1000, latencyMs: fde.latencyMs },
    baselineSeedStyle: baseline,
    officialSdkConsumer: sdk,
    stageCeilings: stages,
    ratioVsBaseline: Math.round((fdeRate / baseline.msgsPerSec) * 100) / 100,
    ratioVsSdk: Math.round((fdeRate / sdk.msgsPerSec) * 100) / 100,
    at100kPerSec: { msgsPerSec: rate(at100k), committedRows: at100k.committedRows, latencyMs: at100k.latencyMs },
    targets: {
      msgsPerSec500k: fdeRate >= 500_000,
      fiveTimesBaseline: fdeRate >= 5 * baseline.msgsPerSec,
      p99Under2sAt100k: at100k.latencyMs.p99 <= 2000,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
