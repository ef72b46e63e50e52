import { fmt, fmtP } from '../lib/format';

/**
 * A number from the engine: the rounded text for people, the exact value in data-value for
 * tests and copy/paste (title), so nothing is re-derived from the display.
 */
export function Num({ value, testId, digits = 4, p = false }: { value: number | null | undefined; testId?: string; digits?: number; p?: boolean }) {
  const exact = value === null || value === undefined ? '' : String(value);
  return (
    <span data-testid={testId} data-value={exact} title={exact}>
      {p ? fmtP(value) : fmt(value, digits)}
    </span>
  );
}
