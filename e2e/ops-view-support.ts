/**
 * Shared by the operations view tests: their `fde ui` session, `fde jobs history --json` and one
 * UNION ALL of table row counts through `fde sql`, both independent of the page.
 */
import { expect } from 'vitest';
import type { RunSummary } from '../api/jobs-api';
import { copyOfDemoLake } from './helpers/demo-lake';
import { runFde } from './helpers/run-fde';
import { sqlJson, viewSessionPerFile, type OpenView } from './research-view-support';

/**
 * The operations views start runs: a full `fde ui` (scheduler and runs) on a private copy of the
 * demo lake. `prepare` changes the copy before the UI starts.
 */
export function opsViewSession(prepare?: (lake: string) => unknown): OpenView {
  return viewSessionPerFile(copyOfDemoLake, { prepare });
}

export function jobsHistory(lake: string): RunSummary[] {
  const r = runFde(['jobs', 'history', '--json', '--limit', '1000', '--lake', lake]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RunSummary[];
}

export function rowCounts(lake: string, ids: readonly string[]): Map<string, number> {
  const sql = ids.map((id) => `SELECT '${id}' AS id, count(*) AS n FROM ${id}`).join(' UNION ALL ');
  return new Map(sqlJson(lake, sql).map((r) => [String(r.id), Number(r.n)]));
}
