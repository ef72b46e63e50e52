/**
 * Structured logs: one JSON object per line (time, level, component, msg, fields). Jobs and
 * streams log through this so the app can show and export them. Values of keys that look like
 * secrets are redacted before anything is written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /secret|token|password|passwd|authorization|api[-_]?key|key[-_]?id|sas|sig|credential/i;

export interface LogRecord {
  time: string;
  level: LogLevel;
  component: string;
  msg: string;
  [field: string]: unknown;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : value;
  }
  return out;
}

export function createLogger(component: string, sink: LogSink, minLevel: LogLevel = 'info'): Logger {
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    sink({ time: new Date().toISOString(), level, component, msg, ...(fields ? redact(fields) : {}) });
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (sub) => createLogger(`${component}.${sub}`, sink, minLevel),
  };
}

/** Writes JSON lines to stderr (stdout stays clean for command output). */
export function stderrSink(record: LogRecord): void {
  process.stderr.write(`${JSON.stringify(record, jsonSafe)}\n`);
}

export const silentSink: LogSink = () => {};

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Logger for CLI commands: quiet unless FDE_LOG_LEVEL or --verbose asks for more. */
export function cliLogger(component: string): Logger {
  const env = process.env.FDE_LOG_LEVEL as LogLevel | undefined;
  const level: LogLevel = env && env in LEVELS ? env : process.argv.includes('--verbose') ? 'debug' : 'warn';
  return createLogger(component, stderrSink, level);
}
