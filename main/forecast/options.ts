/** Parsing and validation of the forecast CLI flags (zod), shared by `backtest` and `train`. */
import { z } from 'zod';
import { TARGETS } from '../../pipelines/volatility/estimators';
import { UsageError } from '../engine/errors';
import { DEFAULT_MODELS } from './backtest';

export const backtestFlagsSchema = z.object({
  csv: z.string().optional(),
  lake: z.string().optional(),
  symbol: z.string().min(1).optional(),
  timeCol: z.string().optional(),
  priceCol: z.string().optional(),
  openCol: z.string().optional(),
  highCol: z.string().optional(),
  lowCol: z.string().optional(),
  freq: z.enum(['1d', '30min', '5min']).optional(),
  target: z.enum(TARGETS).optional(),
  horizons: z
    .string()
    .default('1,5')
    .transform((s) => s.split(',').map((x) => Number(x.trim())))
    .pipe(z.array(z.number().int().min(1).max(66)).min(1)),
  refitEvery: z.coerce.number().int().min(1).max(10_000).default(22),
  oosStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd').optional(),
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd').optional(),
  models: z
    .string()
    .default(DEFAULT_MODELS.join(','))
    .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0)),
  json: z.boolean().optional(),
  register: z.boolean().optional(),
});

export type BacktestFlags = z.infer<typeof backtestFlagsSchema>;

export function parseBacktestFlags(raw: unknown): BacktestFlags {
  const parsed = backtestFlagsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UsageError(`${flag}: ${issue.message}`);
  }
  const flags = parsed.data;
  if (!flags.csv && !flags.lake) throw new UsageError('give --csv FILE or --lake DIR');
  if (flags.csv && (!flags.timeCol || !flags.priceCol)) throw new UsageError('--csv needs --time-col and --price-col');
  if (flags.lake && !flags.csv && !flags.symbol) throw new UsageError('--lake needs --symbol');
  if (flags.register && !flags.lake) throw new UsageError('--register needs --lake DIR (the registry lives in the lake)');
  return flags;
}
