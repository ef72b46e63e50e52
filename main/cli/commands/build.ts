import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openLake } from '../../lake/index';
import { buildModels, runModels } from '../../models/build';
import { formatCheckLine, formatModelLine, summarize } from '../../models/report-format';
import { ModelError, SelectionError } from '../../../pipelines/runner/index';
import { FdeError, UsageError } from '../../engine/errors';
import { createProgress } from '../progress';
import { DEFAULT_LAKE } from './demo';

export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description('build the SQL models (staging -> silver -> gold) in DAG order and run their checks')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('-s, --select <selector...>', 'models to build: name, name+, +name, tag:x, layer:x')
    .option('--full-refresh', 'rebuild incremental models and snapshots from scratch')
    .option('--no-test', 'materialize only (skip checks)')
    .option('--json', 'print the run report as JSON')
    .addHelpText(
      'after',
      `\nExamples:\n  $ fde build --lake ./lake\n  $ fde build --select trades+ --lake ./lake\n  $ fde build --select tag:reddit --full-refresh`,
    )
    .action(async (o: { lake: string; select?: string[]; fullRefresh?: boolean; test: boolean; json?: boolean }) => {
      const lake = await openLake(o.lake.includes('://') ? o.lake : resolve(o.lake));
      const progress = createProgress();
      const warnings: string[] = [];
      try {
        const run = o.test ? buildModels : runModels;
        const report = await run({
          lake,
          ...(o.select ? { select: o.select } : {}),
          fullRefresh: o.fullRefresh ?? false,
          onWarning: (m) => warnings.push(m),
          onProgress: (e) => {
            if (e.type === 'model_start') {
              if (e.index === 0) progress.start('models', e.total);
              progress.update(e.index, e.model);
            }
            if (e.type === 'model_done' && e.index === e.total - 1) progress.stop();
          },
        }).catch((error: unknown) => {
          if (error instanceof SelectionError) throw new UsageError(error.message, 'see fde build --help for selector syntax');
          if (error instanceof ModelError) throw new FdeError(`model project: ${error.message}`, 'fix the model file at the location shown');
          throw error;
        });
        for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          for (const m of report.models) process.stdout.write(`${formatModelLine(m)}\n`);
          const bad = report.checks.filter((c) => c.status !== 'pass');
          if (bad.length > 0) process.stdout.write('\nchecks not passing:\n');
          for (const c of bad) process.stdout.write(`${formatCheckLine(c)}\n`);
          process.stdout.write(`\n${summarize(report.models, report.checks)} (run ${report.runId}, ${(report.durationMs / 1000).toFixed(1)}s)\n`);
        }
        if (!report.ok) {
          const first = report.models.find((m) => m.status === 'error') ?? report.models.find((m) => m.status === 'skipped');
          const failed = report.checks.find((c) => c.severity === 'error' && (c.status === 'fail' || c.status === 'error'));
          throw new FdeError(
            `build failed: ${failed ? `check ${failed.id}: ${failed.message}` : `${first?.relation}: ${first?.message}`}`,
            'details: fde sql "SELECT * FROM meta.run_results ORDER BY finished_at DESC LIMIT 20"',
          );
        }
      } finally {
        await lake.close();
      }
    });
}
