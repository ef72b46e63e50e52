/**
 * Errors the engine raises for conditions a user can act on. They live in the engine (not the CLI)
 * because the lake, the sources, the forecasts and the runtime throw them; each host decides how to
 * show them (the CLI prints message + hint and picks an exit code, the UI shows a toast).
 */

/** An error the user can act on: a one-line message plus an optional hint. */
export class FdeError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FdeError';
  }
}

/** Wrong arguments, flags or parameters: bad input, never worth retrying. */
export class UsageError extends FdeError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'UsageError';
  }
}
