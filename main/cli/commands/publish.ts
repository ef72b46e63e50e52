import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openLake } from '../../lake/index';
import { publishPostgres } from '../../serving/postgres/publish';
import { FdeError, UsageError } from '../../engine/errors';
import { DEFAULT_LAKE } from './demo';

/** Never print credentials: the URL is shown without its password. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}

export function registerPublishCommand(program: Command): void {
  const publish = program.command('publish').description('publish lake tables to serving databases');
  publish
    .command('postgres')
    .description('publish the gold tables to PostgreSQL: only tables whose Delta version changed, each swapped in one transaction')
    .option('--url <url>', 'postgres://user@host:port/db (or env FDE_PG_URL / DATABASE_URL; passwords via PGPASSWORD)')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--schema <name>', 'target schema', 'gold')
    .option('--tables <names>', 'comma-separated gold tables (default: all)')
    .option('--force', 're-publish even unchanged tables')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `\nExamples:\n  $ fde publish postgres --url postgres://postgres@127.0.0.1:5432/test --lake ./lake\n  $ FDE_PG_URL=postgres://... fde publish postgres --tables fact_bars_1d,dim_symbol`)
    .action(async (o: { url?: string; lake: string; schema: string; tables?: string; force?: boolean; json?: boolean }) => {
      const url = o.url ?? process.env.FDE_PG_URL ?? process.env.DATABASE_URL;
      if (!url) throw new UsageError('no PostgreSQL URL', 'pass --url postgres://user@host:port/db or set FDE_PG_URL');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.schema)) throw new UsageError(`invalid schema name "${o.schema}"`);
      const lake = await openLake(o.lake.includes('://') ? o.lake : resolve(o.lake));
      try {
        const tables = await publishPostgres({
          lake,
          url,
          schema: o.schema,
          ...(o.tables ? { tables: o.tables.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
          force: o.force ?? false,
          onTable: (t) => {
            if (!o.json) process.stderr.write(`${t.status === 'published' ? 'published' : 'unchanged'} ${t.table} (v${t.version}, ${t.rows} rows)\n`);
          },
        }).catch((error: unknown) => {
          const msg = error instanceof Error ? error.message : String(error);
          throw new FdeError(`publish to ${redactUrl(url)} failed: ${msg.replaceAll(url, redactUrl(url))}`, 'check the URL, that the server runs, and the role may create schemas');
        });
        if (o.json) process.stdout.write(`${JSON.stringify({ target: redactUrl(url), schema: o.schema, tables }, null, 2)}\n`);
        else {
          const n = tables.filter((t) => t.status === 'published').length;
          process.stdout.write(`published ${n} of ${tables.length} tables to ${redactUrl(url)} schema ${o.schema}\n`);
        }
      } finally {
        await lake.close();
      }
    });
}
