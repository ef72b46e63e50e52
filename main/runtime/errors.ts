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

/** Error names that mean the input (arguments, data, definitions, configuration) is wrong. */
const BAD_INPUT_NAMES = new Set(['ZodError', 'UsageError', 'SelectionError', 'ModelError', 'SchemaError', 'ScheduleError']);

/** PostgreSQL SQLSTATE classes worth another attempt: connection (08), transaction rollback (40), operator intervention (57), insufficient resources (53). */
const PG_RETRYABLE_CLASSES = new Set(['08', '40', '53', '57']);
/** ... and the ones that mean the configuration is wrong: authorization (28), no such database (3D) or schema (3F), no privilege. */
const PG_CONFIG_CLASSES = new Set(['28', '3D', '3F']);

/** Last resort for errors that carry no status or code: messages of Node/undici network failures. */
const NETWORK_MESSAGE = /\b(fetch failed|socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT|network socket disconnected)\b/i;

/**
 * How the executor treats a failed attempt. retryable: HTTP 429/408/5xx, network failures, lake
 * commit conflicts whose own retries ran out, request timeouts; bad_input: validation, usage,
 * selector, schema and contract errors and other 4xx; cancelled: aborts; fatal: the rest (a bug
 * or a broken lake: retrying cannot help). Checked against the errors the clients really throw
 * (main/runtime/errors.test.ts).
 */
export function classifyError(e: unknown, seen = 0): ErrorClass {
  if (!e || typeof e !== 'object' || seen > 5) return 'fatal';
  if (e instanceof TaskAbort) return e.why === 'timeout' ? 'retryable' : 'cancelled';
  if (e instanceof RetryableError) return 'retryable';
  if (e instanceof BadInputError) return 'bad_input';
  const name = (e as { name?: unknown }).name;
  if (name === 'AbortError') return 'cancelled';
  // AbortSignal.timeout() on a request: the server was slow, not the input wrong.
  if (name === 'TimeoutError') return 'retryable';
  // The lake retried its optimistic commit and another writer kept winning: a later attempt will re-read.
  if (name === 'ConcurrentModificationError') return 'retryable';
  if (typeof name === 'string' && BAD_INPUT_NAMES.has(name)) return 'bad_input';
  const status = statusOf(e);
  if (status !== undefined) {
    if (status === 429 || status === 408 || status >= 500) return 'retryable';
    if (status >= 400) return 'bad_input';
    // RedditApiError uses status 0 for "no HTTP answer at all" (network failure or timeout).
    if (status === 0 && name === 'RedditApiError') return 'retryable';
  }
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return 'retryable';
    if (isPgError(e, code)) {
      if (PG_RETRYABLE_CLASSES.has(code.slice(0, 2))) return 'retryable';
      if (PG_CONFIG_CLASSES.has(code.slice(0, 2)) || code === '42501') return 'bad_input';
      return 'fatal';
    }
  }
  const cause = (e as { cause?: unknown }).cause;
  if (cause) return classifyError(cause, seen + 1);
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((x) => classifyError(x, seen + 1) === 'retryable')) return 'retryable';
  const message = (e as { message?: unknown }).message;
  if (typeof message === 'string' && NETWORK_MESSAGE.test(message)) return 'retryable';
  return 'fatal';
}

/** node-postgres server errors: a five-character SQLSTATE plus the server's severity. */
function isPgError(e: object, code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code) && typeof (e as { severity?: unknown }).severity === 'string';
}

export type ErrorClassifier = (e: unknown) => ErrorClass;

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
