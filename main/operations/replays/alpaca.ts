/**
 * Replays Alpaca stream/REST messages (`alpaca.trade.v1`, `alpaca.quote.v1`, `alpaca.bar.v1` and
 * the event contracts) through the ingest's own path: the compiled contract validator, then
 * BatchBuilder (row mapping, trade columns), a scratch spool segment and the bronze writer's
 * loaders. Undecodable frames (`alpaca.frame.v1`, raw bytes) have no message to replay.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STREAM_CONTRACTS, streamValidators, type StreamDataType } from '../../../pipelines/contracts/alpaca/index';
import { BatchBuilder, emptyBuilderStats, type CsvTable } from '../../sources/alpaca/batch-builder';
import { BRONZE_TABLES, type BronzeKey } from '../../sources/alpaca/bronze-tables';
import { selectFromCsv } from '../../sources/alpaca/bronze-writer';
import { Dedup } from '../../sources/alpaca/dedup';
import { Spool } from '../../sources/alpaca/spool';
import type { RowSource } from '../../sources/alpaca/trade-columns';
import { isObject, retryBatchId, retryMarker, type QuarantinedRecord, type Replay, type ReplayItem } from './replay';

/** REST bars enter the builder as `T: 'rest-bar'` and are checked as stream bars (as BatchBuilder.add does). */
const REST_BAR = 'rest-bar';

const tableOf = (code: StreamDataType): BronzeKey => (code === 't' ? 'trades' : code === 'q' ? 'quotes' : code === 'b' || code === 'd' || code === 'u' ? 'bars' : 'events');

/**
 * Where the message came from. The quarantine row only says 'alpaca'; the batch id tells a
 * backfill (`alpaca-backfill:<what>:<timeframe>:...`, whose REST bars carry its timeframe) from
 * the stream, where REST bars are gap repairs.
 */
function origin(rec: QuarantinedRecord, row: Record<string, unknown>): { source: RowSource; timeframe: string } {
  if (rec.batchId.startsWith('alpaca-backfill:')) {
    const tf = rec.batchId.split(':')[2];
    return { source: 'backfill', timeframe: tf && tf !== 'tick' ? tf : '1Min' };
  }
  return { source: row.T === REST_BAR ? 'repair' : 'stream', timeframe: '1Min' };
}

function alpacaReplay(contract: string, codes: StreamDataType[]): Replay {
  const key = tableOf(codes[0]!);
  return {
    target: BRONZE_TABLES[key],
    validate(raw) {
      if (!isObject(raw)) return { ok: false, reason: '(root): message must be an object' };
      const code = raw.T === REST_BAR && codes.includes('b') ? 'b' : raw.T;
      if (typeof code !== 'string' || !(codes as string[]).includes(code)) {
        return { ok: false, reason: `T: must be one of ${codes.map((c) => `'${c}'`).join(', ')}${codes.includes('b') ? ` or '${REST_BAR}'` : ''} for ${contract}` };
      }
      const v = streamValidators.get(code)!;
      const probe = raw.T === REST_BAR ? { ...raw, T: 'b' } : raw;
      return v.check(probe) ? { ok: true, row: raw } : { ok: false, reason: v.reason(probe) };
    },
    async append({ lake, duck, retryId }, items) {
      const batchId = retryBatchId(retryId);
      const dir = await mkdtemp(path.join(tmpdir(), 'fde-qretry-alpaca-'));
      try {
        const spool = await Spool.open(dir);
        // One builder per REST timeframe (a builder has one); all segments go in one commit per table.
        const byTimeframe = new Map<string, ReplayItem[]>();
        for (const item of items) {
          const tf = origin(item.record, item.row).timeframe;
          byTimeframe.set(tf, [...(byTimeframe.get(tf) ?? []), item]);
        }
        const files = new Map<BronzeKey, string[]>();
        let seq = 0;
        for (const [timeframe, group] of byTimeframe) {
          const builder = new BatchBuilder(new Dedup(), emptyBuilderStats(), timeframe);
          for (const { record, row } of group) builder.add(row, record.receivedMs, origin(record, row).source);
          const m = await spool.write(++seq, batchId, builder.take());
          for (const t of m.tables) files.set(t, [...(files.get(t) ?? []), spool.file(m.seq, t)]);
        }
        await spool.close();
        const options = { txn: retryMarker(retryId), info: { source: 'quarantine-retry', contract } };
        for (const [t, list] of files) {
          // Validated messages never reach the builder's quarantine; anything else is the builder's to say.
          if (t === 'quarantine') throw new Error(`the Alpaca batch builder refused a replayed ${contract} record`);
          const table = await lake.ensureTable(BRONZE_TABLES[t]);
          if (t === 'trades') await table.appendFiles(list, duck, options);
          else await table.append({ duck, sql: list.map((f) => selectFromCsv(t as CsvTable, f, batchId)).join(' UNION ALL ') }, options);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** One replay per Alpaca data contract id (b, d and u bars share `alpaca.bar.v1`). */
export function alpacaReplays(): Record<string, Replay> {
  const codes = new Map<string, StreamDataType[]>();
  for (const [code, c] of Object.entries(STREAM_CONTRACTS) as Array<[StreamDataType, (typeof STREAM_CONTRACTS)[StreamDataType]]>) {
    codes.set(c.id, [...(codes.get(c.id) ?? []), code]);
  }
  return Object.fromEntries([...codes].map(([id, list]) => [id, alpacaReplay(id, list)]));
}
