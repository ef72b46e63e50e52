/**
 * Turns a declared check into one SQL query returning a single row
 * `(failures BIGINT, observed DOUBLE)`. The SQL is plain DuckDB over the model's relation, so the
 * same text is shown to the user, stored with the result, and can be re-run by hand in `fde sql`.
 */
import type { BoundCheck, Check } from './types';

export interface CompileContext {
  /** The relation holding the model's rows, e.g. `silver.trades`. */
  relation: string;
  /** Resolves a model name (relationships.to) to its relation. */
  resolve(model: string): string;
  /** SQL literal for the run's clock (freshness default). */
  nowSql: string;
}

/** The default name of a check: type plus its columns, so two checks of one type stay distinct. */
export function defaultCheckName(check: Check): string {
  switch (check.type) {
    case 'unique':
      return `unique_${check.columns.join('_')}`;
    case 'expression':
      return `expression_${shortHash(check.expression)}`;
    case 'row_count':
    case 'row_count_anomaly':
      return check.type;
    default:
      return `${check.type}_${check.column}`;
  }
}

export function bindChecks(model: string, checks: Check[]): BoundCheck[] {
  const seen = new Set<string>();
  return checks.map((check) => {
    let name = check.name ?? defaultCheckName(check);
    for (let i = 2; seen.has(name); i++) name = `${check.name ?? defaultCheckName(check)}_${i}`;
    seen.add(name);
    return { id: `${model}.${name}`, model, check };
  });
}

export function compileCheck(check: Check, ctx: CompileContext): string {
  const from = check.where ? `${ctx.relation} WHERE ${check.where}` : ctx.relation;
  const filtered = (cond: string) => (check.where ? `(${check.where}) AND (${cond})` : cond);
  switch (check.type) {
    case 'not_null':
      return countWhere(ctx.relation, filtered(`${q(check.column)} IS NULL`));
    case 'unique': {
      const cols = check.columns.map(q).join(', ');
      return `SELECT coalesce(sum(n), 0)::BIGINT AS failures, count(*)::DOUBLE AS observed FROM (SELECT count(*) AS n FROM ${from} GROUP BY ${cols} HAVING count(*) > 1)`;
    }
    case 'accepted_values': {
      const list = check.values.map(literal).join(', ');
      return countWhere(ctx.relation, filtered(`${q(check.column)} IS NOT NULL AND ${q(check.column)} NOT IN (${list})`));
    }
    case 'relationships': {
      const parent = ctx.resolve(check.to);
      const cond = `${q(check.column)} IS NOT NULL AND ${q(check.column)} NOT IN (SELECT ${q(check.field)} FROM ${parent} WHERE ${q(check.field)} IS NOT NULL)`;
      return countWhere(ctx.relation, filtered(cond));
    }
    case 'range': {
      const c = q(check.column);
      const parts: string[] = [];
      if (check.min !== undefined) parts.push(`${c} ${check.inclusive ? '<' : '<='} ${check.min}`);
      if (check.max !== undefined) parts.push(`${c} ${check.inclusive ? '>' : '>='} ${check.max}`);
      return countWhere(ctx.relation, filtered(`${c} IS NOT NULL AND (${parts.join(' OR ')})`));
    }
    case 'expression':
      return countWhere(ctx.relation, filtered(`NOT coalesce((${check.expression}), false)`));
    case 'freshness': {
      const now = check.relative_to ? `(${check.relative_to})` : ctx.nowSql;
      // Age in hours of the newest row; an empty table counts as stale (observed NULL).
      const age = `epoch(${now}::TIMESTAMP - max(${q(check.column)})::TIMESTAMP) / 3600.0`;
      const stale = `max(${q(check.column)}) IS NULL OR max(${q(check.column)})::TIMESTAMP < ${now}::TIMESTAMP - INTERVAL '${check.max_age.replaceAll("'", "''")}'`;
      return `SELECT (CASE WHEN ${stale} THEN 1 ELSE 0 END)::BIGINT AS failures, (${age})::DOUBLE AS observed FROM ${from}`;
    }
    case 'row_count':
      return `SELECT (CASE WHEN count(*) < ${check.min} THEN 1 ELSE 0 END)::BIGINT AS failures, count(*)::DOUBLE AS observed FROM ${from}`;
    case 'row_count_anomaly':
      // Judged against history by evaluateAnomaly(); the query only measures.
      return `SELECT 0::BIGINT AS failures, count(*)::DOUBLE AS observed FROM ${from}`;
  }
}

function countWhere(relation: string, cond: string): string {
  return `SELECT count(*)::BIGINT AS failures, NULL::DOUBLE AS observed FROM ${relation} WHERE ${cond}`;
}

/** Quotes a column name unless it is already an expression the author quoted. */
function q(column: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(column) ? `"${column}"` : column;
}

function literal(value: string | number | boolean): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  return String(value);
}

function shortHash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
