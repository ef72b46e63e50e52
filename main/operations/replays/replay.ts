/**
 * What a quarantine retry needs from a contract: how a raw payload is validated (with the same
 * validator the ingest used) and how validated rows are appended to the contract's bronze table
 * (with the same row mapping the ingest used), so a retried record lands as if it had been valid
 * when it arrived.
 */
import type { Duck } from '../../duck/duck';
import type { Lake, TableSpec, TxnMarker } from '../../lake/types';

/** A bronze.quarantine row as a replay sees it. */
export interface QuarantinedRecord {
  recordId: string;
  /** The feed or client that refused it (bronze.quarantine.source). */
  source: string;
  contract: string;
  reason: string;
  raw: string;
  /** When the ingest received it (epoch ms): the replayed row keeps its arrival time. */
  receivedMs: number;
  /** The ingest batch that refused it. */
  batchId: string;
}

export interface ReplayItem {
  record: QuarantinedRecord;
  /** The validated payload (stored as JSON in meta.quarantine_retries; validated again on resume). */
  row: Record<string, unknown>;
}

export interface ReplayContext {
  lake: Lake;
  /** Has the lake attached (bronze.*, meta.*). */
  duck: Duck;
  /** Which lake tables `duck` has attached. */
  has: (id: string) => boolean;
  retryId: string;
}

export type Validated = { ok: true; row: Record<string, unknown> } | { ok: false; reason: string };

export interface Replay {
  /** The bronze table the contract's records land in (reported and logged as the retry target). */
  target: TableSpec;
  validate(raw: unknown): Validated;
  /**
   * Appends the items; every table commit carries retryMarker(ctx.retryId), so running the same
   * retry again adds nothing.
   */
  append(ctx: ReplayContext, items: readonly ReplayItem[]): Promise<void>;
}

/** The Delta txn marker of a retry's bronze appends (one per table). */
export const retryMarker = (retryId: string): TxnMarker => ({ appId: `quarantine-retry:${retryId}`, version: 1 });

/** The batch_id replayed rows carry, so lineage tells them from ingest batches. */
export const retryBatchId = (retryId: string): string => `quarantine-retry:${retryId}`;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
