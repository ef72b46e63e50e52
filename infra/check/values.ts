// Values the checker computes from Terraform expressions. Anything it cannot compute offline is
// an Unresolved carrying the reason, so a rule that needs it fails closed instead of guessing.

export class Unresolved {
  constructor(readonly reason: string) {}
}

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Unresolved;

/**
 * Attributes known only after apply (ids, endpoints, principal ids) are kept symbolically as
 * `«address».attribute`, so rules can still tell which resource a reference points at.
 */
export const symbol = (address: string, rest = ''): string => `«${address}»${rest}`;

/** The resource address a symbolic string starts with, if it is one. */
export function symbolAddress(value: Value): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^«([^»]+)»/.exec(value);
  return match?.[1];
}

export const isUnresolved = (value: Value): value is Unresolved => value instanceof Unresolved;

export function isObject(value: Value): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unresolved);
}

/** First Unresolved inside a value (deep), if any. */
export function findUnresolved(value: Value): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const u = findUnresolved(item);
      if (u) return u;
    }
  } else if (isObject(value)) {
    for (const item of Object.values(value)) {
      const u = findUnresolved(item);
      if (u) return u;
    }
  }
  return undefined;
}

export function describe(value: Value): string {
  if (value instanceof Unresolved) return `unresolved (${value.reason})`;
  return JSON.stringify(value);
}
