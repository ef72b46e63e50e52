/**
 * The stream ingestor: Alpaca stream -> contracts -> durable spool -> bronze, exactly once.
 * Start-up order: take the ingest lease, commit leftover spool segments (txn markers skip what
 * already landed), rebuild the de-dup window from bronze, then connect. After every (re)connect
 * the gap since the last durable trade is repaired from REST and merged through the same
 * de-duplication, keyed by (symbol, trade id, exchange).
 */
import path from 'node:path';
import { hash32 } from '../../../pipelines/market/index';
import { openDuck } from '../../duck/duck';
import type { Lake } from '../../lake/types';
import { BatchBuilder, emptyBuilderStats, type BuilderStats } from './batch-builder';
import { BronzeWriter } from './bronze-writer';
import { compareTs, Dedup } from './dedup';
import { loadRecentTradeKeys } from './recent-keys';
import { lockSpool } from './spool-lock';
import { acquireIngestLease } from '../../lake/index';
import { AlpacaRestClient } from './rest-client';
import { Spool, type SegmentManifest } from './spool';
import { StreamClient, type Channel, type StreamEvent } from './stream-client';
import { LatencyRecorder } from './latency';
import { MsgpackFrameError } from './msgpack-frame';

const REPAIR_SYMBOLS_PER_REQUEST = 200;

export interface StreamIngestOptions {
  url: string;
  restUrl?: string;
  key: string;
  secret: string;
  symbols: string[];
  channels?: Channel[];
  lake: Lake;
  spoolDir: string;
  encoding?: 'msgpack' | 'json';
  batchMaxRows?: number;
  batchMaxMs?: number;
  silenceMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  feed?: string;
  /** Team ingest lease (main/lake): name (default "ingest") and duration (default 15 s). */
  leaseName?: string;
  leaseMs?: number;
  onEvent?(event: StreamEvent | { type: 'repair'; from: string; to: string; rows: number } | { type: 'commit'; seq: number; rows: number; maxTradeTs?: string }): void;
}

export interface IngestStats extends BuilderStats {
  appId: string;
  batches: number;
  committedRows: number;
  replayedSegments: number;
  repairs: number;
  repairRows: number;
  reconnects: number;
  lastTradeTs?: string;
  /** Wall clock of the first data frame and of the latest commit (throughput = rows / span). */
  firstReceivedMs: number;
  lastCommitMs: number;
  /** Time spent writing+fsyncing spool segments and committing them (ms, summed). */
  spoolMs: number;
  commitMs: number;
  latencyMs: { p50: number; p99: number; count: number };
}

export interface StreamIngest {
  readonly appId: string;
  stats(): IngestStats;
  /** Rejects on a fatal stream error (402/409/410/411) or a failed commit. */
  readonly done: Promise<void>;
  stop(): Promise<IngestStats>;
}

export async function startStreamIngest(o: StreamIngestOptions): Promise<StreamIngest> {
  const channels = o.channels ?? ['trades', 'quotes', 'bars'];
  const symbols = [...new Set(o.symbols)].sort();
  const streamPath = new URL(o.url).pathname;
  const appId = `alpaca-stream${streamPath.replaceAll('/', '-')}-${hash32(`${symbols.join(',')}|${channels.join(',')}`).toString(16)}`;
  let failed: ((e: Error) => void) | undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => undefined);
  const spoolLock = await lockSpool(o.spoolDir, appId);
  // One live ingestor per lake: wait as a follower until we lead; stop writing the moment we lose it.
  let leaseLost: string | undefined;
  const lease = await acquireIngestLease(o.lake, {
    name: o.leaseName ?? 'ingest',
    durationMs: o.leaseMs,
    holder: `alpaca ${appId} pid ${process.pid}`,
    onLost: (reason) => {
      leaseLost = reason;
      failed?.(new Error(`lost the ingest lease: ${reason}`));
    },
  });
  const duck = await openDuck({ threads: 2 });
  // Bronze rows carry their own keys and times; letting DuckDB reorder lets the CSV -> Parquet
  // COPY run without the order-preserving merge (bronze readers always ORDER BY).
  await duck.run('SET preserve_insertion_order=false');
  const writer = await BronzeWriter.open(o.lake, duck, appId);
  const spool = await Spool.open(path.join(o.spoolDir, appId), { worker: true });
  const stats: IngestStats = { ...emptyBuilderStats(), appId, batches: 0, committedRows: 0, replayedSegments: 0, repairs: 0, repairRows: 0, reconnects: 0, firstReceivedMs: 0, lastCommitMs: 0, spoolMs: 0, commitMs: 0, latencyMs: { p50: 0, p99: 0, count: 0 } };

  // 1. Re-deliver what the spool still holds (committed ones are skipped by the txn marker).
  const state = await spool.readState();
  const committed = await writer.committedSeq();
  let seq = Math.max(state.lastSeq, committed);
  let durableTs = state.lastTradeTs;
  for (const m of await spool.pending()) {
    if (m.seq > committed) stats.committedRows += await writer.commit(spool, m);
    stats.replayedSegments++;
    seq = Math.max(seq, m.seq);
    if (m.maxTradeTs && (!durableTs || compareTs(m.maxTradeTs, durableTs) > 0)) durableTs = m.maxTradeTs;
    await spool.remove(m);
  }
  let lastTradeTs = durableTs;

  // 2. Remember what bronze already holds near the resume point, so repairs add nothing twice.
  const dedup = new Dedup();
  // With a `*` subscription, gap repair asks REST for every symbol known: named, in bronze near
  // the resume point, or seen on the stream since.
  const knownSymbols = new Set<string>(symbols.filter((s) => s !== '*'));
  if (durableTs) {
    for (const k of await loadRecentTradeKeys(o.lake, duck, durableTs)) {
      dedup.addTrade(k.symbol, k.id, k.exchange);
      knownSymbols.add(k.symbol);
    }
  }

  const builder = new BatchBuilder(dedup, stats);
  const latency = new LatencyRecorder();
  const rest = new AlpacaRestClient({ baseUrl: o.restUrl, key: o.key, secret: o.secret });
  const feed = o.feed ?? (['iex', 'sip', 'otc'].includes(streamPath.split('/').pop() ?? '') ? streamPath.split('/').pop() : undefined);

  let spoolChain: Promise<unknown> = Promise.resolve();
  let commitChain: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  const flush = (): void => {
    if (builder.rows === 0) return;
    inFlight++;
    const content = builder.take();
    const mySeq = ++seq;
    const batchId = `${appId}:${mySeq}`;
    if (content.maxTradeTs && (!durableTs || compareTs(content.maxTradeTs, durableTs) > 0)) durableTs = content.maxTradeTs;
    const stateNow = { lastSeq: mySeq, lastTradeTs: durableTs };
    const written: Promise<SegmentManifest> = spoolChain.then(async () => {
      const t0 = Date.now();
      const m = await spool.write(mySeq, batchId, content);
      await spool.writeState(stateNow);
      stats.spoolMs += Date.now() - t0;
      return m;
    });
    spoolChain = written.catch(() => undefined);
    commitChain = commitChain
      .then(() => written)
      .then(async (m) => {
        if (leaseLost || !lease.isLeader()) throw new Error(`not the ingest leader (${leaseLost ?? 'lease ended'}): batch ${mySeq} stays in the spool`);
        const t0 = Date.now();
        const rows = await writer.commit(spool, m);
        stats.lastCommitMs = Date.now();
        stats.commitMs += stats.lastCommitMs - t0;
        latency.record(content.frames, stats.lastCommitMs);
        stats.batches++;
        stats.committedRows += rows;
        // The batch's newest trade time: the stream's lag (trade time -> commit) is measured from it.
        o.onEvent?.({ type: 'commit', seq: mySeq, rows, ...(content.maxTradeTs ? { maxTradeTs: content.maxTradeTs } : {}) });
        await spool.remove(m);
      })
      .catch((e: Error) => failed?.(e))
      .finally(() => inFlight--);
  };
  const batchMaxRows = o.batchMaxRows ?? 50_000;
  const batchMaxMs = o.batchMaxMs ?? 250;
  // Time-based flushes wait while a batch is still being spooled/committed: under load batches
  // grow (up to batchMaxRows) instead of queueing behind each other, so the oldest message waits
  // at most about two commit durations.
  const flushTimer = setInterval(() => {
    if (builder.rows > 0 && inFlight === 0 && Date.now() - builder.firstReceivedMs >= batchMaxMs) flush();
  }, Math.max(10, batchMaxMs / 4));

  // 3. Gap repair after every (re)connect: REST trades (and minute bars) from the last trade seen.
  const repairs = new Set<Promise<void>>();
  let gapStart: string | undefined;
  let awaitingFirstTrade = false;
  const tradeSymbols = channels.includes('trades') ? symbols : [];
  const repair = (from: string, to: string): void => {
    const p = (async () => {
      let rows = 0;
      const wanted = tradeSymbols.includes('*') ? [...new Set([...knownSymbols, ...builder.symbolsSeen()])].sort() : tradeSymbols;
      // A few hundred symbols per request keeps the query string well inside URL limits.
      for (let i = 0; i < wanted.length; i += REPAIR_SYMBOLS_PER_REQUEST) {
        const chunk = wanted.slice(i, i + REPAIR_SYMBOLS_PER_REQUEST);
        for await (const page of rest.pages({ kind: 'trades', symbols: chunk, start: from, end: to, feed })) {
          const now = Date.now();
          for (const [S, list] of page) for (const row of list) builder.add({ T: 't', S, ...row }, now, 'repair');
          for (const list of page.values()) rows += list.length;
          if (builder.rows >= batchMaxRows) flush();
        }
        if (channels.includes('bars')) {
          const minute = `${from.slice(0, 17)}00Z`;
          for await (const page of rest.pages({ kind: 'bars', symbols: chunk, start: minute, end: to, timeframe: '1Min', feed })) {
            const now = Date.now();
            for (const [S, list] of page) for (const row of list) builder.add({ T: 'rest-bar', S, ...row }, now, 'repair');
          }
        }
      }
      stats.repairs++;
      stats.repairRows += rows;
      o.onEvent?.({ type: 'repair', from, to, rows });
    })().catch((e: Error) => o.onEvent?.({ type: 'error', code: 0, msg: `gap repair ${from}..${to} failed: ${e.message}` }));
    repairs.add(p);
    void p.finally(() => repairs.delete(p));
  };

  function quarantineFrame(raw: Buffer | string, receivedMs: number, error: string): void {
    const payload = typeof raw === 'string' ? { text: raw.slice(0, 10_000) } : { base64: raw.subarray(0, 10_000).toString('base64') };
    builder.quarantine('alpaca.frame.v1', `undecodable frame: ${error}`, JSON.stringify(payload), receivedMs);
  }

  const subscriptions: Partial<Record<Channel, string[]>> = {};
  for (const ch of channels) subscriptions[ch] = symbols;
  const client = new StreamClient({
    url: o.url,
    key: o.key,
    secret: o.secret,
    encoding: o.encoding,
    subscriptions,
    silenceMs: o.silenceMs,
    initialBackoffMs: o.initialBackoffMs,
    maxBackoffMs: o.maxBackoffMs,
    onData(data, receivedMs) {
      if (stats.firstReceivedMs === 0) stats.firstReceivedMs = receivedMs;
      if ('msgpackFrame' in data) {
        try {
          builder.addMsgpackFrame(data.msgpackFrame, receivedMs, 'stream');
        } catch (e) {
          if (!(e instanceof MsgpackFrameError)) throw e;
          quarantineFrame(data.msgpackFrame, receivedMs, e.message);
        }
      } else {
        builder.frame(receivedMs, data.messages.length);
        for (const m of data.messages) builder.add(m, receivedMs, 'stream');
      }
      if (awaitingFirstTrade) {
        const first = builder.frameMinTradeTs();
        if (first) {
          awaitingFirstTrade = false;
          if (gapStart && compareTs(first, gapStart) > 0) repair(gapStart, first);
        }
      }
      const maxTs = builder.maxTradeTs;
      if (maxTs && (!lastTradeTs || compareTs(maxTs, lastTradeTs) > 0)) lastTradeTs = maxTs;
      if (builder.rows >= batchMaxRows) flush();
    },
    onUndecodable: quarantineFrame,
    onEvent(e) {
      if (e.type === 'authenticated') {
        gapStart = lastTradeTs;
        awaitingFirstTrade = tradeSymbols.length > 0;
      }
      if (e.type === 'disconnected') stats.reconnects++;
      o.onEvent?.(e);
    },
  });
  client.start();

  const done = Promise.race([client.done, failure]);
  done.catch(() => undefined);
  let stopped: Promise<IngestStats> | undefined;
  return {
    appId,
    done,
    stats: () => ({ ...stats, lastTradeTs, latencyMs: latency.summary() }),
    stop() {
      stopped ??= (async () => {
        client.stop();
        while (repairs.size > 0) await Promise.allSettled([...repairs]);
        clearInterval(flushTimer);
        flush();
        await commitChain;
        await spoolChain;
        await spool.close();
        await lease.release();
        await spoolLock.release();
        duck.close();
        return { ...stats, lastTradeTs, latencyMs: latency.summary() };
      })();
      return stopped;
    },
  };
}
