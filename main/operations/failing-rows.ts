/**
 * Failing rows of a check, sampled by re-running the check's stored SQL (meta.check_results.sql)
 * turned from a count into a row query. The runner writes checks in two shapes:
 *   SELECT <count> AS failures, <x> AS observed FROM <relation> WHERE <failing condition>
 *   SELECT coalesce(sum(n), 0) ... FROM (SELECT count(*) AS n FROM <relation> GROUP BY <keys> HAVING count(*) > 1)
 * Any other shape (aggregate checks such as row counts or freshness) has no rows to sample: the
 * stored SQL is re-run and its numbers shown instead.
 */
const WHERE_FORM = /^\s*SELECT\s+count\(\*\)::BIGINT\s+AS\s+failures\s*,\s*.+?\s+AS\s+observed\s+FROM\s+(?!\()([\s\S]+)$/i;
const GROUP_FORM = /^\s*SELECT\s+coalesce\(sum\(n\),\s*0\)::BIGINT\s+AS\s+failures\s*,[\s\S]+?\s+FROM\s+\(SELECT\s+count\(\*\)\s+AS\s+n\s+FROM\s+([\s\S]+?)\s+GROUP\s+BY\s+([\s\S]+?)\s+(HAVING[\s\S]+)\)\s*$/i;

export interface SampleQuery {
  sql: string;
  /** True when the query returns failing rows; false when it re-runs an aggregate check. */
  rows: boolean;
}

/** Stored SQL comes from the lake: only one SELECT statement (what the runner writes) is re-run. */
export function assertSingleSelect(sql: string): void {
  if (!/^\s*SELECT\b/i.test(sql) || sql.includes(';')) throw new Error('the stored check SQL is not a single SELECT; refusing to run it');
}

export function sampleQuery(stored: string, limit: number): SampleQuery {
  assertSingleSelect(stored);
  const where = WHERE_FORM.exec(stored);
  if (where) return { sql: `SELECT * FROM ${where[1]!.trim()} LIMIT ${limit}`, rows: true };
  const group = GROUP_FORM.exec(stored);
  if (group) {
    const keys = group[2]!.trim();
    return { sql: `SELECT ${keys}, count(*) AS n FROM ${group[1]!.trim()} GROUP BY ${keys} ${group[3]!.trim()} ORDER BY n DESC LIMIT ${limit}`, rows: true };
  }
  return { sql: stored, rows: false };
}
