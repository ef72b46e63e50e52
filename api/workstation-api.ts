/**
 * The WorkstationApi contract: every request, response and pushed event the renderer exchanges
 * with the engine, as zod schemas. Both hosts (Electron IPC and the browser bridge's WebSocket)
 * carry exactly these messages, and the receiving side validates them.
 */
import { z } from 'zod';
import { IsoDate, Symbol } from './common';
import { jobsEvents, jobsMethods } from './jobs-api';
import { operationsEvents, operationsMethods } from './operations-api';
import { researchEvents, researchMethods } from './research-api';
import { connectMethods } from './connect-api';

export const TableSummary = z.object({
  id: z.string(),
  layer: z.string(),
  name: z.string(),
  version: z.number().int(),
  numFiles: z.number().int(),
  numRecords: z.number().int(),
  description: z.string().optional(),
});
export type TableSummary = z.infer<typeof TableSummary>;

export const SymbolSummary = z.object({
  symbol: z.string(),
  firstDate: IsoDate,
  lastDate: IsoDate,
  days: z.number().int(),
});
export type SymbolSummary = z.infer<typeof SymbolSummary>;

export const SeriesPoint = z.object({
  date: IsoDate,
  close: z.number().nullable(),
  logReturn: z.number().nullable(),
  /** Annualized realized volatility estimate for the day. */
  realizedVol: z.number().nullable(),
  /** Annualized volatility forecast made for this day (one step ahead). */
  forecastVol: z.number().nullable(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const SymbolSeries = z.object({
  symbol: z.string(),
  /** Points after downsampling (at most the requested maxPoints). */
  points: z.array(SeriesPoint),
  totalDays: z.number().int(),
  model: z.string().nullable(),
  nextForecast: z.object({ date: IsoDate, vol: z.number(), model: z.string() }).nullable(),
});
export type SymbolSeries = z.infer<typeof SymbolSeries>;

export const LakeStatus = z.object({
  uri: z.string(),
  tables: z.number().int(),
  totalRecords: z.number().int(),
});
export type LakeStatus = z.infer<typeof LakeStatus>;

/** The lake overview's methods (the first page of the app). */
const lakeMethods = {
  getLakeStatus: { request: z.object({}).strict(), response: LakeStatus },
  listTables: { request: z.object({}).strict(), response: z.array(TableSummary) },
  listSymbols: { request: z.object({}).strict(), response: z.array(SymbolSummary) },
  getSymbolSeries: {
    request: z
      .object({ symbol: Symbol, maxPoints: z.number().int().min(10).max(100_000).default(2_000) })
      .strict(),
    response: SymbolSeries,
  },
} as const;

/**
 * Method name -> request and response schemas. Each domain keeps its own contract file
 * (research-api.ts, jobs-api.ts); this is the one map every host and client dispatches on.
 */
export const workstationMethods = { ...lakeMethods, ...researchMethods, ...jobsMethods, ...operationsMethods, ...connectMethods } as const;

export type MethodName = keyof typeof workstationMethods;
export type MethodRequest<M extends MethodName> = z.input<(typeof workstationMethods)[M]['request']>;
export type ParsedRequest<M extends MethodName> = z.output<(typeof workstationMethods)[M]['request']>;
export type MethodResponse<M extends MethodName> = z.infer<(typeof workstationMethods)[M]['response']>;

/** Events the engine pushes to the renderer. */
export const workstationEvents = {
  /** The lake changed (a table gained a version); views refetch. */
  lakeChanged: z.object({ tables: z.array(z.object({ id: z.string(), version: z.number().int() })) }),
  ...researchEvents,
  ...jobsEvents,
  ...operationsEvents,
} as const;
export type EventName = keyof typeof workstationEvents;
export type EventPayload<E extends EventName> = z.infer<(typeof workstationEvents)[E]>;

/** What the renderer sees, whatever carries it. */
export type WorkstationApi = {
  [M in MethodName]: (request: MethodRequest<M>) => Promise<MethodResponse<M>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export const methodNames = Object.keys(workstationMethods) as MethodName[];
export const eventNames = Object.keys(workstationEvents) as EventName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(workstationMethods, value);
}

/** Wire envelope of the browser bridge (the Electron host uses one IPC channel per method). */
export const BridgeRequest = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown(),
});
export const BridgeMessage = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);
export type BridgeMessage = z.infer<typeof BridgeMessage>;
