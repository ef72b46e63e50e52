/** An error the user can act on: printed as one line plus a hint, exit code 1. */
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

/** Wrong arguments or flags: exit code 2. */
export class UsageError extends FdeError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
