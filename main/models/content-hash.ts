import type { Duck } from '../duck/duck';

/** Order-independent hash of a relation's full content (row count included). */
export async function contentHash(duck: Duck, relation: string): Promise<string> {
  const rows = await duck.all<{ h: string | null; n: bigint }>(
    `SELECT md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS h, count(*) AS n FROM (SELECT md5(CAST(t AS VARCHAR)) AS h FROM ${relation} t)`,
  );
  return `${rows[0]?.n ?? 0}:${rows[0]?.h ?? ''}`;
}
