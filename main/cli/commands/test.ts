import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openLake } from '../../lake/index';
import { testModels } from '../../models/build';
import { formatCheckLine, summarize } from '../../models/report-format';
import { SelectionError } from '../../../pipelines/runner/index';
import { FdeError, UsageError } from '../../engine/errors';
import { DEFAULT_LAKE } from './demo';

export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description('run the declared data-quality checks of the models; exits 1 when an error-level check fails')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('-s, --select <selector...>', 'models whose checks to run: name, name+, +name, tag:x')
    .option('--json', 'print check results as JSON')
    .addHelpText('after', `\nExamples:\n  $ fde test --lake ./lake\n  $ fde test --select tag:fact --json`)
    .action(async (o: { lake: string; select?: string[]; json?: boolean }) => {
      const lake = await openLake(o.lake.includes('://') ? o.lake : resolve(o.lake));
      try {
        const report = await testModels({ lake, ...(o.select ? { select: o.select } : {}) }).catch((error: unknown) => {
          if (error instanceof SelectionError) throw new UsageError(error.message, 'see fde test --help for selector syntax');
          throw error;
        });
        if (o.json) process.stdout.write(`${JSON.stringify({ runId: report.runId, ok: report.ok, checks: report.checks }, null, 2)}\n`);
        else {
          for (const c of report.checks) process.stdout.write(`${formatCheckLine(c)}\n`);
          process.stdout.write(`\n${summarize([], report.checks)}\n`);
        }
        const failed = report.checks.filter((c) => c.severity === 'error' && (c.status === 'fail' || c.status === 'error'));
        if (failed.length > 0) {
          throw new FdeError(`${failed.length} error-level checks failed (first: ${failed[0]?.id}: ${failed[0]?.message})`, 'history: fde sql "SELECT * FROM meta.check_results ORDER BY checked_at DESC"');
        }
      } finally {
        await lake.close();
      }
    });
}
