/**
 * RFC 3339 timestamps with nanoseconds, Go RFC3339Nano style (trailing zeros dropped), as
 * Alpaca sends them. Epoch nanoseconds exceed 2^53, so times travel as (seconds, nanos) pairs
 * or as decimal strings, never as one JS number.
 */

let cachedSec = Number.NaN;
let cachedPrefix = '';

/** Formats epoch seconds + nanoseconds as `YYYY-MM-DDTHH:MM:SS[.fffffffff]Z`. */
export function formatRfc3339(sec: number, nsec: number): string {
  if (sec !== cachedSec) {
    cachedSec = sec;
    cachedPrefix = new Date(sec * 1000).toISOString().slice(0, 19);
  }
  if (nsec === 0) return `${cachedPrefix}Z`;
  let frac = String(nsec).padStart(9, '0');
  let end = 9;
  while (frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  return `${cachedPrefix}.${frac}Z`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2}))?$/;

/** Parses RFC 3339 (or a bare YYYY-MM-DD, meaning midnight UTC) into epoch sec + nanos. */
export function parseRfc3339(text: string): { sec: number; nsec: number } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, date, hh, mm, ss, frac, zone] = m;
  const base = Date.parse(`${date}T${hh ?? '00'}:${mm ?? '00'}:${ss ?? '00'}Z`);
  if (Number.isNaN(base)) return undefined;
  let sec = base / 1000;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
    sec -= sign * (zh * 3600 + zm * 60);
  }
  const nsec = frac ? Number(frac.padEnd(9, '0')) : 0;
  return { sec, nsec };
}

/** Epoch nanoseconds as a decimal string (exact). */
export function nsString(sec: number, nsec: number): string {
  if (sec === 0) return String(nsec);
  return `${sec}${String(nsec).padStart(9, '0')}`;
}

/** Epoch nanoseconds as bigint from an RFC 3339 string; undefined when unparseable. */
export function rfc3339ToNs(text: string): bigint | undefined {
  const p = parseRfc3339(text);
  return p ? BigInt(p.sec) * 1_000_000_000n + BigInt(p.nsec) : undefined;
}

export function nsToRfc3339(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const nsec = ns - sec * 1_000_000_000n;
  return formatRfc3339(Number(sec), Number(nsec));
}
