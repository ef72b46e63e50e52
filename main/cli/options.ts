import { UsageError } from '../engine/errors';

/** A commander option parser for numbers in [min, max] (integers only when asked). */
export function numberOption(name: string, min = -Infinity, max = Infinity, integer = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      const range = Number.isFinite(min) || Number.isFinite(max) ? ` in [${min}, ${max}]` : '';
      throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'}${range}, got "${value}"`);
    }
    return n;
  };
}

/** --port: 0 picks any free port. */
export const portOption = numberOption('port', 0, 65535, true);

/** Resolves when the process is asked to stop (Ctrl+C or SIGTERM), for long-running servers. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
