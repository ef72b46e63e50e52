/**
 * Error classes the executor acts on: retry only 'retryable' (429, 5xx, network, timeouts of a
 * request), fail at once on 'bad_input' and 'fatal', and record 'cancelled' without retry.
 * Sources may throw RetryableError/BadInputError to be explicit; everything else is classified
 * from its shape (HTTP status, Node network error codes, abort).
 */
export type ErrorClass = 'retryable' | 'bad_input' | 'cancelled' | 'fatal';

export class RetryableError extends Error {
  constructor(message: string, readonly retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

export class BadInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BadInputError';
  }
}

/** Thrown by the runtime into an attempt's signal; distinguishes cancel, timeout and shutdown. */
export class TaskAbort extends Error {
  constructor(readonly why: 'cancelled' | 'timeout' | 'shutdown', message?: string) {
    super(message ?? `task ${why}`);
    this.name = 'TaskAbort';
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
]);

function statusOf(e: object): number | undefined {
  for (const k of ['status', 'statusCode']) {
    const v = (e as Record<string, unknown>)[k];
    if (typeof v === 'number') return v;
  }
  const response = (e as Record<string, unknown>).response;
  if (response && typeof response === 'object') return statusOf(response);
  return undefined;
}

/** Default classification; main/runtime/tasks may refine it per source (the executor takes a classifier). */
export function classifyError(e: unknown, seen = 0): ErrorClass {
  if (!e || typeof e !== 'object' || seen > 5) return 'fatal';
  if (e instanceof TaskAbort) return e.why === 'timeout' ? 'retryable' : 'cancelled';
  if (e instanceof RetryableError) return 'retryable';
  if (e instanceof BadInputError) return 'bad_input';
  const name = (e as { name?: unknown }).name;
  if (name === 'AbortError') return 'cancelled';
  if (name === 'ZodError' || name === 'UsageError' || name === 'SelectionError') return 'bad_input';
  const status = statusOf(e);
  if (status !== undefined) {
    if (status === 429 || status === 408 || status >= 500) return 'retryable';
    if (status >= 400) return 'bad_input';
  }
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'retryable';
  const cause = (e as { cause?: unknown }).cause;
  if (cause) return classifyError(cause, seen + 1);
  return 'fatal';
}

export type ErrorClassifier = (e: unknown) => ErrorClass;

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
