/**
 * The operations contract (lineage, quality checks, quarantine, live stream state): requests,
 * responses and the stream events the engine pushes, as zod schemas. Runs, partitions and
 * backfills are the runtime's (jobs-api.ts); these views combine both.
 */
import { z } from 'zod';
import { Symbol } from './common';

const Time = z.string(); // ISO 8601 timestamp
const NodeId = z.string().min(1).max(128).regex(/^[a-z_][a-z0-9_]*\.[A-Za-z0-9_:.-]+$/);
const CheckId = z.string().min(1).max(200);
const RecordId = z.string().regex(/^[0-9a-f]{32}$/);

export const NodeKind = z.enum(['source', 'bronze', 'model', 'forecast', 'published']);
export const CheckStatus = z.enum(['pass', 'warn', 'fail', 'none']);
export const StaleReason = z.object({
  kind: z.enum(['upstream', 'check', 'sql']),
  /** Human text: "bronze.alpaca_trades changed (v12 after the build at v10)". */
  detail: z.string(),
});
export type StaleReason = z.infer<typeof StaleReason>;

export const LineageNode = z.object({
  id: z.string(),
  kind: NodeKind,
  /** Column of the graph: source, bronze, staging, silver, gold, forecasts, published. */
  layer: z.string(),
  label: z.string(),
  materialized: z.string().nullable(),
  /** Rows in the lake table (null: a view or not built). */
  rows: z.number().int().nullable(),
  version: z.number().int().nullable(),
  /** When the table last got a commit. */
  updatedAt: Time.nullable(),
  lastRun: z.object({ runId: z.string(), job: z.string(), state: z.string(), endedAt: Time.nullable() }).nullable(),
  state: z.enum(['built', 'view', 'not built', 'running', 'failed', 'external']),
  checks: z.object({ status: CheckStatus, pass: z.number().int(), warn: z.number().int(), fail: z.number().int() }),
  stale: z.array(StaleReason),
});
export type LineageNode = z.infer<typeof LineageNode>;

export const LineageGraph = z.object({
  nodes: z.array(LineageNode),
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type LineageGraph = z.infer<typeof LineageGraph>;

export const CheckRun = z.object({ runId: z.string(), status: z.string(), failures: z.number().int(), checkedAt: Time });
export const CheckSummary = z.object({
  checkId: z.string(),
  model: z.string(),
  checkType: z.string(),
  severity: z.string(),
  status: z.string(),
  failures: z.number().int(),
  message: z.string(),
  sql: z.string(),
  checkedAt: Time,
  /** Oldest first, at most the last 30 runs. */
  history: z.array(CheckRun),
});
export type CheckSummary = z.infer<typeof CheckSummary>;

export const NodeDetail = z.object({
  id: z.string(),
  description: z.string(),
  file: z.string().nullable(),
  sql: z.string().nullable(),
  columns: z.array(z.object({ name: z.string(), type: z.string(), description: z.string() })),
  checks: z.array(CheckSummary),
  runs: z.array(z.object({ runId: z.string(), job: z.string(), state: z.string(), startedAt: Time.nullable(), endedAt: Time.nullable(), rowsWritten: z.number().int() })),
});
export type NodeDetail = z.infer<typeof NodeDetail>;

export const QuarantineRecord = z.object({
  recordId: RecordId,
  source: z.string(),
  contract: z.string(),
  reason: z.string(),
  raw: z.string(),
  receivedAt: Time,
  batchId: z.string(),
  /** Set once the record landed through a retry. */
  retried: z.object({ retryId: z.string(), at: Time, target: z.string() }).nullable(),
});
export type QuarantineRecord = z.infer<typeof QuarantineRecord>;

export const RetryResult = z.object({
  retryId: z.string(),
  /** Records that passed the contract and are in the target table now. */
  landed: z.number().int(),
  /** Records skipped because an earlier retry already landed them. */
  alreadyLanded: z.number().int(),
  /** Records that still fail the contract, with the reason. */
  stillInvalid: z.array(z.object({ recordId: RecordId, reason: z.string() })),
  target: z.string().nullable(),
});
export type RetryResult = z.infer<typeof RetryResult>;

export const StreamStats = z.object({
  /** The alpaca-stream run being watched (null: the stream is not running in this host). */
  runId: z.string().nullable(),
  state: z.enum(['stopped', 'connecting', 'connected', 'reconnecting']),
  symbols: z.array(z.string()),
  messagesPerSec: z.number(),
  messages: z.number().int(),
  tradesReceived: z.number().int(),
  /** Rows committed to bronze by this stream session (trades, quotes, bars). */
  committedRows: z.number().int(),
  /** Rows bronze.alpaca_trades gained since the stream started (the committed trade count). */
  tradesCommitted: z.number().int(),
  /** Trade time to commit, p50/p99 in ms. */
  lagMs: z.object({ p50: z.number(), p99: z.number() }),
  reconnects: z.number().int(),
  gapsRepaired: z.number().int(),
  repairRows: z.number().int(),
  quarantined: z.number().int(),
  lastTradeTs: z.string().nullable(),
  updatedAt: Time,
});
export type StreamStats = z.infer<typeof StreamStats>;

export const StreamBar = z.object({ symbol: z.string(), ts: Time, open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() });
export const StreamTrade = z.object({ symbol: z.string(), ts: Time, price: z.number(), size: z.number() });
export type StreamBar = z.infer<typeof StreamBar>;
export type StreamTrade = z.infer<typeof StreamTrade>;

export const operationsMethods = {
  lineageGraph: { request: z.object({}).strict(), response: LineageGraph },
  lineageNode: { request: z.object({ id: NodeId }).strict(), response: NodeDetail },
  qualityChecks: { request: z.object({}).strict(), response: z.array(CheckSummary) },
  checkFailingRows: {
    request: z.object({ checkId: CheckId, limit: z.number().int().min(1).max(500).default(50) }).strict(),
    response: z.object({ sql: z.string().nullable(), columns: z.array(z.string()), rows: z.array(z.array(z.string().nullable())), note: z.string().nullable() }),
  },
  quarantineList: {
    request: z
      .object({ reason: z.string().max(2_000).optional(), limit: z.number().int().min(1).max(1_000).default(200) })
      .strict(),
    response: z.object({
      total: z.number().int(),
      reasons: z.array(z.object({ reason: z.string(), source: z.string(), contract: z.string(), count: z.number().int(), pending: z.number().int() })),
      records: z.array(QuarantineRecord),
    }),
  },
  quarantineRetry: {
    request: z
      .object({
        /** One record (optionally with a corrected payload) or every pending record with one reason. */
        recordIds: z.array(RecordId).min(1).max(10_000).optional(),
        reason: z.string().max(2_000).optional(),
        /** Corrected raw payload (JSON object text) for a single record. */
        fixedRaw: z.string().max(100_000).optional(),
      })
      .strict()
      .refine((r) => (r.recordIds ? 1 : 0) + (r.reason !== undefined ? 1 : 0) === 1, 'give recordIds or reason')
      .refine((r) => r.fixedRaw === undefined || r.recordIds?.length === 1, 'fixedRaw needs exactly one record'),
    response: RetryResult,
  },
  streamState: { request: z.object({}).strict(), response: StreamStats },
  streamWatch: {
    request: z.object({ symbols: z.array(Symbol).max(8) }).strict(),
    response: z.object({ bars: z.array(StreamBar), trades: z.array(StreamTrade) }),
  },
} as const;

/** Pushed at a bounded rate: stats at most 2/s, ticks at most 4/s (coalesced, last wins). */
export const operationsEvents = {
  streamStats: StreamStats,
  streamTicks: z.object({ bars: z.array(StreamBar), trades: z.array(StreamTrade) }),
} as const;
