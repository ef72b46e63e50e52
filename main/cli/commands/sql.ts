import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openDuck } from '../../duck/duck';
import { openLake } from '../../lake/index';
import { FdeError } from '../../engine/errors';
import { formatTextTable } from '../format/text-table';
import { DEFAULT_LAKE } from './demo';
import { attachRunMeta } from '../../runtime/meta-views';

export function registerSqlCommand(program: Command): void {
  program
    .command('sql')
    .description('run SQL over the lake: every table is a view named layer.name (and its bare name when unique)')
    .argument('<query>', 'a SQL query (DuckDB dialect)')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--json', 'print NDJSON, one object per row (64-bit integers and decimals as exact strings)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ fde sql "SELECT layer, count(*) FROM (SHOW ALL TABLES) GROUP BY 1"\n  $ fde sql --json "SELECT * FROM gold.fact_bars_1d WHERE symbol = 'MSFT' ORDER BY date DESC LIMIT 5"`,
    )
    .action(async (query: string, options: { lake: string; json?: boolean }) => {
      const lake = await openLake(options.lake.includes('://') ? options.lake : resolve(options.lake));
      const duck = await openDuck();
      try {
        await lake.attach(duck);
        await attachRunMeta(lake.uri, duck);
        let result;
        try {
          result = await duck.json(query);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new FdeError(`query failed: ${message.split('\n')[0]}`, 'list tables with: fde sql "SHOW ALL TABLES"', { cause: error });
        }
        if (options.json) {
          process.stdout.write(result.rows.map((row) => JSON.stringify(row)).join('\n') + (result.rows.length > 0 ? '\n' : ''));
        } else {
          process.stdout.write(`${formatTextTable(result.columns, result.rows)}\n`);
        }
      } finally {
        duck.close();
        await lake.close();
      }
    });
}
