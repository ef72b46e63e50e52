/**
 * Contract for a daily OHLCV bar from any offline or vendor daily source, version 1.
 * Raw CSV cells arrive as text; the contract coerces and checks them, and its messages are
 * what lands in bronze.quarantine.reason for rows that fail.
 */
import { z } from 'zod';

export const DAILY_BAR_CONTRACT = 'market.daily_bar.v1';

const price = z.coerce.number().finite().positive();
/** CSV cells may be empty or absent for close-only series: both mean null. */
const blankToNull = (value: unknown) => (value === '' || value === undefined ? null : value);
const optionalPrice = z.preprocess(blankToNull, price.nullable());

export const DailyBarV1 = z
  .object({
    symbol: z.string().regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'symbol must be 1-10 upper-case characters'),
    date: z.iso.date(),
    open: optionalPrice,
    high: optionalPrice,
    low: optionalPrice,
    close: price,
    volume: z.preprocess(blankToNull, z.coerce.number().int().nonnegative().nullable()),
    source: z.string().min(1),
  })
  .refine((bar) => bar.high === null || bar.low === null || bar.high >= bar.low, {
    message: 'high is below low',
    path: ['high'],
  })
  .refine(
    (bar) =>
      bar.high === null ||
      bar.low === null ||
      (bar.close <= bar.high + 1e-9 && bar.close >= bar.low - 1e-9 && (bar.open === null || (bar.open <= bar.high + 1e-9 && bar.open >= bar.low - 1e-9))),
    { message: 'open/close outside the high-low range', path: ['close'] },
  );

export type DailyBarV1 = z.output<typeof DailyBarV1>;

/** One-line reason for a failed parse, naming the fields. */
export function contractReason(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
}
