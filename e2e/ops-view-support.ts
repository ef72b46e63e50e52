/**
 * Shared by the operations view tests: `fde jobs history --json` and one UNION ALL of table row
 * counts through `fde sql`, both independent of the page.
 */
import { expect } from 'vitest';
import type { RunSummary } from '../api/jobs-api';
import { runFde } from './helpers/run-fde';
import { sqlJson } from './research-view-support';

export function jobsHistory(lake: string): RunSummary[] {
  const r = runFde(['jobs', 'history', '--json', '--limit', '1000', '--lake', lake]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RunSummary[];
}

export function rowCounts(lake: string, ids: readonly string[]): Map<string, number> {
  const sql = ids.map((id) => `SELECT '${id}' AS id, count(*) AS n FROM ${id}`).join(' UNION ALL ');
  return new Map(sqlJson(lake, sql).map((r) => [String(r.id), Number(r.n)]));
}
