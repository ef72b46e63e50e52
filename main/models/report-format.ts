/**
 * Human-readable lines for model runs and check results (CLI output).
 */
import type { ModelResult } from '../../pipelines/runner/index';
import type { CheckResult } from '../../pipelines/quality/types';

const MARK: Record<string, string> = { success: 'ok  ', up_to_date: 'same', error: 'ERR ', skipped: 'SKIP', pass: 'pass', warn: 'WARN', fail: 'FAIL' };

export function formatModelLine(r: ModelResult): string {
  const rows = r.materialized === 'view' ? '' : `${r.rows} rows`;
  return `${MARK[r.status] ?? r.status} ${r.relation.padEnd(36)} ${r.materialized.padEnd(11)} ${rows.padStart(12)} ${(r.durationMs / 1000).toFixed(2).padStart(6)}s  ${r.message}`.trimEnd();
}

export function formatCheckLine(c: CheckResult): string {
  return `${c.status === 'error' ? 'ERR ' : (MARK[c.status] ?? c.status)} ${c.id.padEnd(52)} ${c.severity.padEnd(5)} ${c.message}`;
}

export function summarize(models: ModelResult[], checks: CheckResult[]): string {
  const count = (xs: Array<{ status: string }>, s: string) => xs.filter((x) => x.status === s).length;
  const tables = models.filter((m) => m.materialized !== 'view');
  const views = models.length - tables.length;
  const parts = [
    `${count(tables, 'success')} built`,
    `${count(models, 'up_to_date')} up to date`,
    `${count(models, 'error')} errors`,
    `${count(models, 'skipped')} skipped`,
    ...(views > 0 ? [`${views} views`] : []),
  ];
  const cparts = checks.length > 0 ? `; checks: ${count(checks, 'pass')} pass, ${count(checks, 'warn')} warn, ${count(checks, 'fail')} fail, ${count(checks, 'error')} error` : '';
  return `models: ${parts.join(', ')}${cparts}`;
}
