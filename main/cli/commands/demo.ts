import type { Command } from 'commander';
import { createProgress } from '../progress';
import { formatDemoSummary, runDemo } from '../../jobs/demo/run-demo';
import { lakeUri } from '../../forecast/lake-input';

export const DEFAULT_LAKE = './lake';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the offline end-to-end demo: market replay -> bronze -> silver -> gold -> forecasts')
    .option('--lake <dir>', 'lake folder (created when missing) or a team lake URI (az://, abfss://, https://; `{layer}` for one container per layer)', DEFAULT_LAKE)
    .option('--json', 'print the summary as JSON instead of text')
    .addHelpText('after', '\nExamples:\n  $ fde demo\n  $ fde demo --lake /tmp/lake --json\n  $ fde demo --lake \'abfss://{layer}@acct.dfs.core.windows.net/\'')
    .action(async (options: { lake: string; json?: boolean }) => {
      const summary = await runDemo(lakeUri(options.lake), createProgress());
      process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatDemoSummary(summary)}\n`);
    });
}
