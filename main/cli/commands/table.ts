/** `fde table ls|scan|history|checkpoint|vacuum`: inspect and maintain Delta tables. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { JsonDuckDBValueConverter } from '@duckdb/node-api';
import { openDuck } from '../../duck/duck';
import { closeLakeDuck, openLake, openTablePath, type LakeLayer, type LakeTable } from '../../lake/index';
import { viewSqlFor } from '../../lake/lake';
import { checkpoint, history, vacuum } from '../../lake/maintenance';
import { FdeError, UsageError } from '../../engine/errors';
import { formatTextTable } from '../format/text-table';
import { DEFAULT_LAKE } from './demo';

const toUri = (p: string): string => (p.includes('://') ? p : resolve(p));

/** PATH is a table folder/URL, or `layer.name` inside --lake (when no such folder exists). */
async function resolveTable(target: string, lakeUri: string | undefined): Promise<LakeTable> {
  const m = /^(bronze|silver|gold|meta)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(target);
  if (m && !existsSync(target)) {
    const lake = await openLake(toUri(lakeUri ?? DEFAULT_LAKE));
    const table = await lake.openTable(m[1] as LakeLayer, m[2] as string);
    if (!table) throw new FdeError(`no table ${target} in lake ${lakeUri ?? DEFAULT_LAKE}`, 'list tables with: fde table ls --lake <dir>');
    return table;
  }
  return openTablePath(toUri(target));
}

/** "168h", "7d", "30m", "3600s" -> milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new UsageError(`invalid duration '${text}'`, 'use a number with a unit: 168h, 7d, 90m');
  const unit = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

function parseVersion(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`invalid --version '${text}' (a non-negative integer)`);
  return n;
}

export function registerTableCommand(program: Command): void {
  const table = program
    .command('table')
    .description('inspect and maintain Delta tables (any Delta table folder or lake URL)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ fde table ls --lake ./lake\n  $ fde table scan ./lake/bronze/alpaca_trades --json | head\n  $ fde table history silver.bars_1m --lake ./lake\n  $ fde table vacuum ./lake/silver/bars_1m --retain 168h --no-dry-run`,
    );

  table
    .command('ls')
    .description('list the tables of a lake (layer.name, version, files, rows)')
    .option('--lake <dir>', 'lake folder or URL (az://container/prefix)', DEFAULT_LAKE)
    .option('--json', 'print NDJSON')
    .action(async (options: { lake: string; json?: boolean }) => {
      try {
        const lake = await openLake(toUri(options.lake));
        const tables = await lake.listTables();
        if (options.json) process.stdout.write(tables.map((t) => `${JSON.stringify(t)}\n`).join(''));
        else {
          const rows = tables.map((t) => ({ table: t.id, version: t.version, files: t.numFiles, rows: t.numRecords, description: t.description ?? '' }));
          process.stdout.write(`${formatTextTable(['table', 'version', 'files', 'rows', 'description'], rows)}\n`);
        }
      } finally {
        await closeLakeDuck();
      }
    });

  table
    .command('scan')
    .description('print the rows of a table snapshot')
    .argument('<path>', 'Delta table folder or URL, or layer.name inside --lake')
    .option('--lake <dir>', 'lake for layer.name paths', DEFAULT_LAKE)
    .option('--version <n>', 'read this version (time travel)')
    .option('--timestamp <iso>', 'read the version current at this time')
    .option('--limit <n>', 'at most this many rows')
    .option('--json', 'NDJSON, one object per row (64-bit integers and decimals as exact strings)')
    .action(async (path: string, options: { lake: string; version?: string; timestamp?: string; limit?: string; json?: boolean }) => {
      const at: { version?: number; timestamp?: number } = {};
      if (options.version !== undefined) at.version = parseVersion(options.version);
      if (options.timestamp !== undefined) {
        const ts = Date.parse(options.timestamp);
        if (Number.isNaN(ts)) throw new UsageError(`invalid --timestamp '${options.timestamp}'`, 'use ISO-8601, e.g. 2024-05-01T12:00:00Z');
        at.timestamp = ts;
      }
      const limit = options.limit === undefined ? undefined : parseVersion(options.limit);
      const duck = await openDuck();
      try {
        const t = await resolveTable(path, options.lake);
        const sql = `SELECT * FROM (${await viewSqlFor(t, at)})${limit === undefined ? '' : ` LIMIT ${limit}`}`;
        if (options.json) {
          const result = await duck.connection.stream(sql);
          const names = result.columnNames();
          for (;;) {
            const chunk = await result.fetchChunk();
            if (!chunk || chunk.rowCount === 0) break;
            const rows = chunk.convertRows(JsonDuckDBValueConverter);
            let out = '';
            for (const row of rows) {
              const obj: Record<string, unknown> = {};
              names.forEach((n, i) => (obj[n] = row[i] ?? null));
              out += `${JSON.stringify(obj)}\n`;
            }
            if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
          }
        } else {
          const r = await duck.json(limit === undefined ? `${sql} LIMIT 1000` : sql);
          process.stdout.write(`${formatTextTable(r.columns, r.rows)}\n`);
          if (limit === undefined && r.rows.length === 1000) process.stderr.write('showing the first 1000 rows; use --json for all rows or --limit N\n');
        }
      } finally {
        duck.close();
        await closeLakeDuck();
      }
    });

  table
    .command('history')
    .description('list the commits of a table, newest first')
    .argument('<path>', 'Delta table folder or URL, or layer.name inside --lake')
    .option('--lake <dir>', 'lake for layer.name paths', DEFAULT_LAKE)
    .option('--limit <n>', 'at most this many commits')
    .option('--json', 'print NDJSON')
    .action(async (path: string, options: { lake: string; limit?: string; json?: boolean }) => {
      const entries = await history(await resolveTable(path, options.lake), options.limit === undefined ? Infinity : parseVersion(options.limit));
      if (options.json) process.stdout.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      else {
        const rows = entries.map((e) => ({
          version: e.version,
          timestamp: new Date(e.timestamp).toISOString(),
          operation: e.operation ?? '',
          parameters: JSON.stringify(e.operationParameters ?? {}),
          metrics: JSON.stringify(e.operationMetrics ?? {}),
        }));
        process.stdout.write(`${formatTextTable(['version', 'timestamp', 'operation', 'parameters', 'metrics'], rows)}\n`);
      }
    });

  table
    .command('checkpoint')
    .description('write a Parquet checkpoint at the latest version (and _last_checkpoint)')
    .argument('<path>', 'Delta table folder or URL, or layer.name inside --lake')
    .option('--lake <dir>', 'lake for layer.name paths', DEFAULT_LAKE)
    .action(async (path: string, options: { lake: string }) => {
      try {
        const r = await checkpoint(await resolveTable(path, options.lake));
        process.stdout.write(`checkpoint written at version ${r.version} (${r.rows} actions, ${r.sizeInBytes} bytes)\n`);
      } finally {
        await closeLakeDuck();
      }
    });

  table
    .command('vacuum')
    .description('delete data files no longer referenced and older than the retention (dry run unless --no-dry-run)')
    .argument('<path>', 'Delta table folder or URL, or layer.name inside --lake')
    .option('--lake <dir>', 'lake for layer.name paths', DEFAULT_LAKE)
    .option('--retain <duration>', 'retention period, e.g. 168h or 7d', '168h')
    .option('--dry-run', 'only list the files that would be deleted (default)', true)
    .option('--no-dry-run', 'really delete the files')
    .option('--force', 'allow a retention below 168h')
    .action(async (path: string, options: { lake: string; retain: string; dryRun: boolean; force?: boolean }) => {
      const r = await vacuum(await resolveTable(path, options.lake), { retentionMs: parseDuration(options.retain), dryRun: options.dryRun, force: options.force });
      for (const f of r.files) process.stdout.write(`${r.dryRun ? 'would delete' : 'deleted'} ${f.path}\n`);
      process.stdout.write(`${r.dryRun ? 'dry run: ' : ''}${r.files.length} file(s), ${r.bytes} bytes${r.dryRun && r.files.length ? ' (re-run with --no-dry-run to delete)' : ''}\n`);
    });
}
