/**
 * Parameter types that accept both JSON values (the API) and the strings `fde jobs run --param
 * key=value` passes: a list from "A,B", a flag from "true"/"false", a number from "168".
 */
import { z } from 'zod';

const SYMBOL = /^[A-Z][A-Z0-9.\-/]*$/;

/** A non-empty list; a string is split on commas. */
export function listParam<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(item).min(1));
}

export const symbolsParam = listParam(z.string().regex(SYMBOL, 'symbols are upper-case (MSFT,INTC)'));

export const flagParam = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

export function intParam(min: number) {
  return z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(min));
}
