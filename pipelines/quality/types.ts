/**
 * Declarative data-quality checks (what Soda / Great Expectations do for the seed system).
 * A check is declared in a model's config header under "checks"; this file is the one schema.
 */
import { z } from 'zod';

const severity = z.enum(['warn', 'error']).default('error');
const base = { name: z.string().regex(/^[a-z0-9_]+$/).optional(), severity, where: z.string().optional() };
const column = z.string().min(1);

export const checkSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('not_null'), column, ...base }).strict(),
  z.object({ type: z.literal('unique'), columns: z.array(column).min(1), ...base }).strict(),
  z.object({ type: z.literal('accepted_values'), column, values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1), ...base }).strict(),
  z
    .object({ type: z.literal('relationships'), column, to: z.string().min(1), field: column, ...base })
    .strict()
    .describe('every non-null column value exists in ref(to).field'),
  z
    .object({ type: z.literal('range'), column, min: z.number().optional(), max: z.number().optional(), inclusive: z.boolean().default(true), ...base })
    .strict()
    .refine((c) => c.min !== undefined || c.max !== undefined, 'range needs min or max'),
  z.object({ type: z.literal('expression'), expression: z.string().min(1), ...base }).strict(),
  z
    .object({
      type: z.literal('freshness'),
      column,
      /** DuckDB interval text such as '36 hours'. */
      max_age: z.string().min(1),
      /** SQL expression for "now"; defaults to the run's clock. Use it to compare against an upstream's max. */
      relative_to: z.string().optional(),
      ...base,
    })
    .strict(),
  z.object({ type: z.literal('row_count'), min: z.number().int().nonnegative().default(1), ...base }).strict(),
  z
    .object({
      type: z.literal('row_count_anomaly'),
      /** How many previous observations to compare against. */
      window: z.number().int().min(2).default(10),
      /** Minimum history before the check can fail. */
      min_history: z.number().int().min(2).default(3),
      /** Allowed relative change versus the recent median (0.5 = +-50%). */
      max_change: z.number().positive().default(0.5),
      ...base,
    })
    .strict(),
]);

export type CheckInput = z.input<typeof checkSchema>;
export type Check = z.output<typeof checkSchema>;
export type CheckType = Check['type'];
export type Severity = 'warn' | 'error';

/** A check bound to its model, with a stable unique name. */
export interface BoundCheck {
  /** Unique across the project: `<model>.<check name>`. */
  id: string;
  model: string;
  check: Check;
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error';

export interface CheckResult {
  id: string;
  model: string;
  type: CheckType;
  severity: Severity;
  status: CheckStatus;
  /** Failing rows (or 1 for aggregate checks that failed). */
  failures: number;
  /** The measured value when the check measures one (row count, age in hours...). */
  observed: number | null;
  message: string;
  sql: string;
  durationMs: number;
}
