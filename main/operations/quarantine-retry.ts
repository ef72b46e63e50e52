/**
 * The quarantine browser and its retry, exactly once.
 *
 * A record's id is the MD5 of its stored fields (bronze.quarantine has no key column). A retry
 * re-validates each raw payload (or a corrected one) through the contract named on the record
 * and appends what passes to the contract's bronze table, with the validator and row mapping the
 * ingest uses (replays/: daily bars, Alpaca messages, Reddit posts and comments). Each contract's
 * records in a retry get their own retry id. Exactly once, across crashes and overlapping retries
 * ("this record", then "all with this reason"):
 *   1. meta.quarantine_retries gets one 'pending' row per record with the retry id, committed
 *      with a Delta txn marker derived from the retry id;
 *   2. each bronze append carries the txn marker `quarantine-retry:<retry id>`, so a repeat of
 *      the same retry is refused by the Delta log itself ('txn-already-applied');
 *   3. a 'landed' row per record closes the retry.
 * A later retry skips records already landed, and finishes a record left 'pending' by a crash
 * under that record's original retry id (same marker: it lands at most once).
 */
import crypto from 'node:crypto';
import type { RetryResult } from '../../api/operations-api';
import { sqlString, type Duck } from '../duck/duck';
import { loadRows } from '../duck/bulk-load';
import type { Lake, TableSpec } from '../lake/types';
import { BadInputError } from '../runtime/errors';
import { REPLAYS, replayableContracts, type QuarantinedRecord, type ReplayItem } from './replays/index';

export { replayableContracts } from './replays/index';

export const QUARANTINE_RETRIES: TableSpec = {
  layer: 'meta',
  name: 'quarantine_retries',
  description: 'Quarantined records retried into the pipeline: pending, then landed (exactly once per record)',
  columns: [
    { name: 'record_id', type: 'string', nullable: false, description: 'md5 of the quarantine row' },
    { name: 'retry_id', type: 'string', nullable: false },
    { name: 'state', type: 'string', nullable: false, description: 'pending or landed' },
    { name: 'target', type: 'string', nullable: false, description: 'bronze table the record was appended to' },
    { name: 'payload', type: 'string', nullable: false, description: 'the validated record (JSON) the retry appends' },
    { name: 'retried_at', type: 'timestamp', nullable: false },
  ],
};

/** The SQL expression of a quarantine row's id. */
export const RECORD_ID_SQL = `md5(concat_ws(chr(31), source, contract, reason, raw, CAST(epoch_us(received_at) AS VARCHAR), batch_id))`;


export interface RetryRequest {
  recordIds?: string[];
  reason?: string;
  fixedRaw?: string;
}

/** Runs one retry; `duck` must have the lake attached (bronze.quarantine, meta.quarantine_retries). */
export async function retryQuarantined(lake: Lake, duck: Duck, has: (id: string) => boolean, req: RetryRequest): Promise<RetryResult> {
  if (!has('bronze.quarantine')) throw new BadInputError('this lake has no bronze.quarantine table: nothing was ever quarantined');
  const filter = req.recordIds ? `id IN (${req.recordIds.map(sqlString).join(', ')})` : `reason = ${sqlString(req.reason ?? '')}`;
  const rows = await duck.all(
    `SELECT * FROM (SELECT ${RECORD_ID_SQL} AS id, source, contract, reason, raw, epoch_ms(received_at) AS received_ms, batch_id FROM bronze.quarantine) WHERE ${filter}`,
  );
  const records: QuarantinedRecord[] = [
    ...new Map(
      rows.map((r) => [
        String(r.id),
        { recordId: String(r.id), source: String(r.source), contract: String(r.contract), reason: String(r.reason), raw: String(r.raw), receivedMs: Number(r.received_ms), batchId: String(r.batch_id) },
      ]),
    ).values(),
  ];
  if (records.length === 0) throw new BadInputError(req.recordIds ? 'no quarantined record with that id' : 'no quarantined record with that reason');
  const log = await retryLog(duck, has);
  const landed = records.filter((r) => log.get(r.recordId)?.state === 'landed');
  const open = records.filter((r) => log.get(r.recordId)?.state !== 'landed');
  const stillInvalid: RetryResult['stillInvalid'] = [];
  // Records a crashed retry left pending finish under their own retry id (same Delta marker);
  // a retry id covers records of one contract (below), so one replay lands each group.
  const groups = new Map<string, ReplayItem[]>();
  // Fresh records per contract: each contract's replay appends under its own retry id, so two
  // contracts writing one table (Reddit posts and comments both add mentions) never share a marker.
  const fresh = new Map<string, ReplayItem[]>();
  let target: string | null = null;
  for (const rec of open) {
    const replay = REPLAYS[rec.contract];
    if (!replay) {
      stillInvalid.push({ recordId: rec.recordId, reason: `no replay for contract ${rec.contract} (replayable: ${replayableContracts().join(', ')})` });
      continue;
    }
    target = `${replay.target.layer}.${replay.target.name}`;
    const pending = log.get(rec.recordId);
    let payload: unknown;
    try {
      payload = JSON.parse(pending?.payload ?? req.fixedRaw ?? rec.raw);
    } catch {
      stillInvalid.push({ recordId: rec.recordId, reason: 'the payload is not JSON' });
      continue;
    }
    const v = replay.validate(payload);
    if (!v.ok) {
      stillInvalid.push({ recordId: rec.recordId, reason: v.reason });
      continue;
    }
    const item = { record: rec, row: v.row };
    if (pending) groups.set(pending.retryId, [...(groups.get(pending.retryId) ?? []), item]);
    else fresh.set(rec.contract, [...(fresh.get(rec.contract) ?? []), item]);
  }
  let count = 0;
  let retryId = '';
  for (const [id, items] of groups) {
    await land(lake, duck, has, id, items, false);
    count += items.length;
    retryId = id;
  }
  for (const items of fresh.values()) {
    retryId = crypto.createHash('sha256').update(items.map((f) => f.record.recordId).sort().join(',')).update(req.fixedRaw ?? '').digest('hex').slice(0, 24);
    await land(lake, duck, has, retryId, items, true);
    count += items.length;
  }
  return { retryId, landed: count, alreadyLanded: landed.length, stillInvalid, target };
}

async function land(lake: Lake, duck: Duck, has: (id: string) => boolean, retryId: string, items: ReplayItem[], writePending: boolean): Promise<void> {
  const replay = REPLAYS[items[0]!.record.contract]!;
  const target = `${replay.target.layer}.${replay.target.name}`;
  const log = await lake.ensureTable(QUARANTINE_RETRIES);
  const logRows = async (state: 'pending' | 'landed') => {
    const temp = await loadRows(duck, 'retry_log', [{ name: 'record_id', type: 'VARCHAR' }, { name: 'payload', type: 'VARCHAR' }], items.map((i) => ({ record_id: i.record.recordId, payload: JSON.stringify(i.row) })));
    await log.append(
      { duck, sql: `SELECT record_id, ${sqlString(retryId)} AS retry_id, ${sqlString(state)} AS state, ${sqlString(target)} AS target, payload, now()::TIMESTAMP AS retried_at FROM ${temp}` },
      { txn: { appId: `quarantine-retry-log:${retryId}:${state}`, version: 1 } },
    );
    await duck.run(`DROP TABLE IF EXISTS ${temp}`);
  };
  if (writePending) await logRows('pending');
  await replay.append({ lake, duck, has, retryId }, items);
  await logRows('landed');
}

interface LogEntry {
  retryId: string;
  state: 'pending' | 'landed';
  at: string;
  target: string;
  payload?: string;
}

/** Latest state per record from meta.quarantine_retries ('landed' wins over 'pending'). */
export async function retryLog(duck: Duck, has: (id: string) => boolean): Promise<Map<string, LogEntry>> {
  const out = new Map<string, LogEntry>();
  if (!has('meta.quarantine_retries')) return out;
  const rows = await duck.all(
    `SELECT record_id, retry_id, state, target, payload, strftime(retried_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at FROM meta.quarantine_retries ORDER BY state = 'landed', retried_at`,
  );
  for (const r of rows) out.set(String(r.record_id), { retryId: String(r.retry_id), state: r.state === 'landed' ? 'landed' : 'pending', at: String(r.at), target: String(r.target), payload: String(r.payload) });
  return out;
}
