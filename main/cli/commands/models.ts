import type { Command } from 'commander';
import { openDuck } from '../../duck/duck';
import { openLake } from '../../lake/index';
import { FdeError } from '../../engine/errors';
import { formatTextTable } from '../format/text-table';
import { DEFAULT_LAKE } from './demo';
import { lakeUri } from '../../forecast/lake-input';
import { attachRegistry, getRun, listRuns } from '../../forecast/registry-read';
import type { Duck } from '../../duck/duck';

async function withRegistry<T>(lakeDir: string, fn: (duck: Duck) => Promise<T>): Promise<T> {
  const lake = await openLake(lakeUri(lakeDir));
  const duck = await openDuck({ threads: 1 });
  try {
    if (!(await attachRegistry(lake, duck))) {
      throw new FdeError(`no model registry in ${lakeDir}`, 'register runs with: fde forecast backtest --lake DIR --symbol S --register');
    }
    return await fn(duck);
  } finally {
    duck.close();
    await lake.close();
  }
}

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('the forecast model registry: runs, metrics, artifacts and champion aliases');
  models
    .command('ls')
    .description('list registered runs (champions marked)')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--symbol <sym>', 'only this symbol')
    .option('--model <name>', 'only this model')
    .option('--json', 'print NDJSON')
    .addHelpText('after', '\nExamples:\n  $ fde models ls --lake ./lake --symbol MSFT')
    .action(async (o: { lake: string; symbol?: string; model?: string; json?: boolean }) => {
      const runs = await withRegistry(o.lake, (duck) => listRuns(duck, { ...(o.symbol ? { symbol: o.symbol } : {}), ...(o.model ? { model: o.model } : {}) }));
      if (o.json) {
        process.stdout.write(runs.map((r) => JSON.stringify(r)).join('\n') + (runs.length > 0 ? '\n' : ''));
        return;
      }
      const rows = runs.map((r) => ({ ...r, qlike: r.qlike === null ? '' : Number(r.qlike).toFixed(4), dm_stat: r.dm_stat === null ? '' : Number(r.dm_stat).toFixed(2), champion: r.champion ? '*' : '' }));
      process.stdout.write(`${formatTextTable(['run_id', 'symbol', 'model', 'horizon', 'target', 'qlike', 'dm_stat', 'champion', 'created_at'], rows)}\n`);
    });
  models
    .command('show')
    .description('show one run: parameters, metrics, inputs, code version and the fitted artifact')
    .argument('<run>', 'run id (from fde models ls)')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .addHelpText('after', '\nExamples:\n  $ fde models show 4f50c95fccf12585 --lake ./lake')
    .action(async (runId: string, o: { lake: string }) => {
      const run = await withRegistry(o.lake, (duck) => getRun(duck, runId));
      if (!run) throw new FdeError(`run ${runId} not found`, 'list runs with: fde models ls');
      process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    });
}
