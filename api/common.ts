/** Schemas shared by every domain contract of the WorkstationApi. */
import { z } from 'zod';

export const Symbol = z
  .string()
  .min(1)
  .max(16)
  .regex(/^[A-Z][A-Z0-9.\-/]*$/, 'symbols are upper-case letters, digits, ".", "-" or "/"');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');
