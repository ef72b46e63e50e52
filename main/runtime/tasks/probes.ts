/**
 * What the lake already holds, independent of the run store: a dry run on a lake filled by
 * `fde demo` or `fde backfill alpaca` shows those partitions as done.
 */
import { backfillCheckpoint, type BackfillWhat } from '../../sources/alpaca/backfill';
import { BRONZE_TABLES } from '../../sources/alpaca/bronze-tables';
import { parsePartitionKey } from '../../../pipelines/jobs/job-spec';
import type { PartitionProbe, PartitionProbes } from '../task-api';

const KINDS: readonly BackfillWhat[] = ['trades', 'quotes', 'bars'];

/** A symbol-day is done when trades, quotes and 1-minute bars all carry its checkpoint. */
const alpacaBackfillProbe: PartitionProbe = async (lake, _job, keys) => {
  const txns = new Map<BackfillWhat, Record<string, number>>();
  for (const what of KINDS) {
    const spec = BRONZE_TABLES[what];
    const table = await lake.openTable(spec.layer, spec.name);
    txns.set(what, table ? (await table.snapshot()).appTxns : {});
  }
  const done = new Set<string>();
  for (const key of keys) {
    const { date, symbol } = parsePartitionKey(key);
    if (!date || !symbol) continue;
    const complete = KINDS.every((what) => {
      const { appId, version } = backfillCheckpoint(what, symbol, date, what === 'bars' ? { timeframe: '1Min' } : {});
      return (txns.get(what)![appId] ?? -1) >= version;
    });
    if (complete) done.add(key);
  }
  return done;
};

export const partitionProbes: PartitionProbes = { 'alpaca-backfill': alpacaBackfillProbe };
