/** Exit codes of `fde`: an FdeError is 1, a UsageError 2 (see run-cli.ts). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
