/**
 * Alpaca Market Data v2 contracts: one zod schema per stream message type and per REST row.
 * zod is the single definition (and gives the human-readable reason for quarantine); the hot
 * path uses validators compiled from these schemas (see compiled.ts).
 *
 * Versioning: a contract id is `alpaca.<type>.v<N>`. Bump N (and keep the old schema) when a
 * field changes meaning or becomes required; new optional fields do not need a bump. Unknown
 * keys are always allowed (Alpaca adds keys such as `r` without notice).
 */
import { z } from 'zod';

export const CONTRACT_VERSION = 1;

const rfc3339 = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'timestamp must be RFC 3339 UTC (Z)');
export const symbol = z.string().regex(/^[A-Z0-9][A-Z0-9./-]{0,20}$/, 'symbol must be 1-21 of A-Z 0-9 . / -');
const exchange = z.string().regex(/^[A-Z]$/, 'exchange must be one capital letter');
const tape = z.string().regex(/^[A-Z]$/, 'tape must be one capital letter');
/** Condition flags: short codes; commas, quotes and line breaks never occur in real ones. */
const conditions = z.array(z.string().regex(/^[^,"\\\r\n]{1,4}$/, 'condition flag must be 1-4 plain characters')).max(16);
const price = z.number().gte(0).lt(1e9);
const positivePrice = z.number().gt(0).lt(1e9);
const shares = z.number().int().gte(0).lte(1e12);
const tradeId = z.number().int().gte(0).lte(Number.MAX_SAFE_INTEGER);

export const streamTrade = z.object({
  T: z.literal('t'),
  S: symbol,
  i: tradeId,
  x: exchange,
  p: positivePrice,
  s: shares.gt(0),
  c: conditions.optional(),
  t: rfc3339,
  z: tape.optional(),
});

export const streamQuote = z.object({
  T: z.literal('q'),
  S: symbol,
  bx: exchange.optional(),
  bp: price,
  bs: shares,
  ax: exchange.optional(),
  ap: price,
  as: shares,
  c: conditions.optional(),
  t: rfc3339,
  z: tape.optional(),
});

const barFields = {
  S: symbol,
  o: positivePrice,
  h: positivePrice,
  l: positivePrice,
  c: positivePrice,
  v: shares,
  n: shares.nullable(),
  vw: price.nullable(),
  t: rfc3339,
};
export const streamBar = z.object({ T: z.enum(['b', 'd', 'u']), ...barFields });

export const streamStatus = z.object({
  T: z.literal('s'),
  S: symbol,
  sc: z.string().max(8),
  sm: z.string().max(200),
  rc: z.string().max(8),
  rm: z.string().max(200),
  t: rfc3339,
  z: tape,
});

export const streamLuld = z.object({
  T: z.literal('l'),
  S: symbol,
  u: positivePrice,
  d: positivePrice,
  i: z.string().max(2),
  t: rfc3339,
  z: tape,
});

export const streamCorrection = z.object({
  T: z.literal('c'),
  S: symbol,
  x: exchange,
  oi: tradeId,
  op: positivePrice,
  os: shares,
  oc: conditions,
  ci: tradeId,
  cp: positivePrice,
  cs: shares,
  cc: conditions,
  t: rfc3339,
  z: tape,
});

export const streamCancelError = z.object({
  T: z.literal('x'),
  S: symbol,
  i: tradeId,
  x: exchange,
  p: positivePrice,
  s: shares,
  a: z.enum(['C', 'E']),
  t: rfc3339,
  z: tape,
});

export const streamImbalance = z.object({ T: z.literal('i'), S: symbol, p: price, t: rfc3339, z: tape });

export const controlSuccess = z.object({ T: z.literal('success'), msg: z.string() });
export const controlError = z.object({ T: z.literal('error'), code: z.number().int(), msg: z.string() });
export const controlSubscription = z.object({
  T: z.literal('subscription'),
  trades: z.array(z.string()).optional(),
  quotes: z.array(z.string()).optional(),
  bars: z.array(z.string()).optional(),
  updatedBars: z.array(z.string()).optional(),
  dailyBars: z.array(z.string()).optional(),
  statuses: z.array(z.string()).optional(),
  lulds: z.array(z.string()).optional(),
  corrections: z.array(z.string()).optional(),
  cancelErrors: z.array(z.string()).optional(),
});

/** REST rows (inside `trades`/`quotes`/`bars` maps keyed by symbol). */
export const restTrade = z.object({ t: rfc3339, x: exchange, p: positivePrice, s: shares.gt(0), c: conditions.optional(), i: tradeId, z: tape.optional(), u: z.string().optional() });
export const restQuote = z.object({ t: rfc3339, ax: exchange.optional(), ap: price, as: shares, bx: exchange.optional(), bp: price, bs: shares, c: conditions.optional(), z: tape.optional() });
export const restBar = z.object({ t: rfc3339, o: positivePrice, h: positivePrice, l: positivePrice, c: positivePrice, v: shares, n: shares.nullable().optional(), vw: price.nullable().optional() });

export const restPage = (key: 'trades' | 'quotes' | 'bars') =>
  z.object({ [key]: z.record(z.string(), z.array(z.unknown())).nullable(), next_page_token: z.string().nullable().optional() });

export type StreamTrade = z.infer<typeof streamTrade>;
export type StreamQuote = z.infer<typeof streamQuote>;
export type StreamBar = z.infer<typeof streamBar>;
export type StreamStatus = z.infer<typeof streamStatus>;
export type StreamLuld = z.infer<typeof streamLuld>;
export type StreamCorrection = z.infer<typeof streamCorrection>;
export type StreamCancelError = z.infer<typeof streamCancelError>;
export type RestTrade = z.infer<typeof restTrade>;
export type RestQuote = z.infer<typeof restQuote>;
export type RestBar = z.infer<typeof restBar>;

/** Data message schemas by their `T` code, with the contract id used in quarantine rows. */
export const STREAM_CONTRACTS = {
  t: { id: `alpaca.trade.v${CONTRACT_VERSION}`, schema: streamTrade },
  q: { id: `alpaca.quote.v${CONTRACT_VERSION}`, schema: streamQuote },
  b: { id: `alpaca.bar.v${CONTRACT_VERSION}`, schema: streamBar },
  d: { id: `alpaca.bar.v${CONTRACT_VERSION}`, schema: streamBar },
  u: { id: `alpaca.bar.v${CONTRACT_VERSION}`, schema: streamBar },
  s: { id: `alpaca.status.v${CONTRACT_VERSION}`, schema: streamStatus },
  l: { id: `alpaca.luld.v${CONTRACT_VERSION}`, schema: streamLuld },
  c: { id: `alpaca.correction.v${CONTRACT_VERSION}`, schema: streamCorrection },
  x: { id: `alpaca.cancel_error.v${CONTRACT_VERSION}`, schema: streamCancelError },
  i: { id: `alpaca.imbalance.v${CONTRACT_VERSION}`, schema: streamImbalance },
} as const;
export type StreamDataType = keyof typeof STREAM_CONTRACTS;

export const REST_CONTRACTS = {
  trades: { id: `alpaca.rest_trade.v${CONTRACT_VERSION}`, schema: restTrade },
  quotes: { id: `alpaca.rest_quote.v${CONTRACT_VERSION}`, schema: restQuote },
  bars: { id: `alpaca.rest_bar.v${CONTRACT_VERSION}`, schema: restBar },
} as const;
