/** Display formatting only: values arrive computed from the engine and are never recomputed here. */

export const DASH = '—';

/** Fixed decimals, or scientific notation for values too small to show that way. */
export function fmt(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(2);
  return value.toFixed(digits);
}

/** p-values: "<1e-16"-style floor and 4 significant digits otherwise. */
export function fmtP(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value < 1e-16) return '<1e-16';
  if (value < 1e-4) return value.toExponential(2);
  return value.toFixed(4);
}

export const fmtPct = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || !Number.isFinite(value) ? DASH : `${(value * 100).toFixed(digits)}%`;

export const fmtInt = (value: number | null | undefined): string =>
  value === null || value === undefined ? DASH : value.toLocaleString('en-US');

/** "2026-12-05T17:30:12.345Z" -> "2026-12-05 17:30:12 UTC". */
export const fmtTime = (iso: string | null | undefined): string =>
  iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : DASH;
