/** Log file names and partition path/value encoding (PROTOCOL.md "Partition Value Serialization"). */
import { CorruptLogError, UnsupportedFeatureError } from '../errors';

export const LOG_DIR = '_delta_log';

export function commitFile(version: number): string {
  return `${LOG_DIR}/${String(version).padStart(20, '0')}.json`;
}

export function checkpointFile(version: number, part?: { index: number; total: number }): string {
  const v = String(version).padStart(20, '0');
  if (!part) return `${LOG_DIR}/${v}.checkpoint.parquet`;
  return `${LOG_DIR}/${v}.checkpoint.${String(part.index).padStart(10, '0')}.${String(part.total).padStart(10, '0')}.parquet`;
}

export type LogFile =
  | { kind: 'commit'; version: number; name: string; size: number; mtime: number }
  | { kind: 'checkpoint'; version: number; name: string; size: number; mtime: number; part: number; parts: number }
  | { kind: 'checkpoint-v2'; version: number; name: string; size: number; mtime: number }
  | { kind: 'other'; name: string };

const COMMIT_RE = /^(\d{20})\.json$/;
const CKPT_RE = /^(\d{20})\.checkpoint\.parquet$/;
const CKPT_MULTI_RE = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;
const CKPT_V2_RE = /^(\d{20})\.checkpoint\.[0-9a-fA-F-]{36}\.(json|parquet)$/;

export function classifyLogFile(name: string, size: number, mtime: number): LogFile {
  let m = COMMIT_RE.exec(name);
  if (m) return { kind: 'commit', version: Number(m[1]), name, size, mtime };
  m = CKPT_RE.exec(name);
  if (m) return { kind: 'checkpoint', version: Number(m[1]), name, size, mtime, part: 1, parts: 1 };
  m = CKPT_MULTI_RE.exec(name);
  if (m) return { kind: 'checkpoint', version: Number(m[1]), name, size, mtime, part: Number(m[2]), parts: Number(m[3]) };
  m = CKPT_V2_RE.exec(name);
  if (m) return { kind: 'checkpoint-v2', version: Number(m[1]), name, size, mtime };
  return { kind: 'other', name };
}

/** Hive-style escaping of one partition directory component (as Spark's escapePathName). */
export function escapePartitionComponent(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || '"#%\'*/:=?\\{[]^'.includes(ch)) {
      out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += ch;
  }
  return out;
}

export const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

/** Relative directory for a partition tuple, e.g. `date=2024-01-02/symbol=AAPL`. */
export function partitionDir(partitionBy: string[], values: Record<string, string | null>): string {
  return partitionBy
    .map((col) => {
      const v = values[col];
      return `${escapePartitionComponent(col)}=${v === null || v === undefined ? HIVE_NULL : escapePartitionComponent(v)}`;
    })
    .join('/');
}

/**
 * The `add.path` form of a relative file path: a URI reference, so '%' (from hive escaping)
 * and spaces are percent-encoded again, exactly as Spark does.
 */
export function toLogPath(relativePath: string): string {
  return relativePath
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%3D/g, '=').replace(/%2B/g, '+').replace(/%2C/g, ','))
    .join('/');
}

/** The store key of a data file named in the log (decodes the URI form). */
export function fromLogPath(logPath: string, table: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(logPath)) {
    throw new UnsupportedFeatureError(table, 'absolute data file paths', logPath);
  }
  const rel = decodeURIComponent(logPath);
  // A log must not point outside its table (e.g. "../../etc/x" in a crafted table).
  if (rel.startsWith('/') || rel.split('/').some((seg) => seg === '..')) {
    throw new CorruptLogError(`table ${table}: data file path escapes the table folder (${logPath})`);
  }
  return rel;
}

/**
 * Delta partition value string -> SQL literal for DuckDB, typed by the column's Delta type.
 * Offset-less timestamps are taken as UTC (our writers emit UTC; see SOURCES notes).
 */
export function partitionValueSql(value: string | null | undefined, deltaType: string, duckType: string): string {
  if (value === null || value === undefined) return `CAST(NULL AS ${duckType})`;
  if (deltaType === 'string') return sqlText(value);
  if (deltaType === 'binary') return `CAST(${sqlText(value)} AS BLOB)`;
  if (deltaType === 'timestamp') {
    const hasOffset = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(value.trim()) && /\d[T ]\d/.test(value);
    return `CAST(${sqlText(hasOffset ? value : `${value}+00`)} AS TIMESTAMPTZ)`;
  }
  if (value === '' ) return `CAST(NULL AS ${duckType})`;
  return `CAST(${sqlText(value)} AS ${duckType})`;
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * DuckDB's text form of a value (as in its hive directory names) -> Delta partition value
 * string. Timestamps become ISO-8601 UTC with microseconds.
 */
export function deltaPartitionValue(text: string | null, deltaType: string): string | null {
  if (text === null) return null;
  if (deltaType === 'timestamp') return toIsoUtcMicros(text);
  if (deltaType === 'boolean') return text.toLowerCase();
  return text;
}

/** '2024-01-02 03:04:05.123456+01' (DuckDB TIMESTAMPTZ text) -> '2024-01-02T02:04:05.123456Z'. */
export function toIsoUtcMicros(text: string): string {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!m) throw new Error(`cannot parse timestamp '${text}'`);
  const [, y, mo, d, h, mi, s, frac = '', off] = m;
  let offsetMin = 0;
  if (off && off !== 'Z') {
    const sign = off.startsWith('-') ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMin * 60_000;
  const iso = new Date(ms).toISOString().slice(0, 19);
  return `${iso}.${(frac + '000000').slice(0, 6)}Z`;
}
