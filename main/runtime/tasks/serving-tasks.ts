/** Gold tables to PostgreSQL (main/serving/postgres): only table versions not yet published are copied. */
import { publishPostgres } from '../../serving/postgres/publish';
import type { TaskImplementation } from '../task-api';
import { throwIfCancelled } from './support';

const publish: TaskImplementation = async (ctx) => {
  const { connectionString } = await ctx.sources.postgres(ctx.signal);
  const tables = Array.isArray(ctx.params.tables) ? ctx.params.tables.map(String) : undefined;
  let rows = 0;
  let done = 0;
  const results = await publishPostgres({
    lake: ctx.lake,
    url: connectionString,
    ...(tables ? { tables } : {}),
    ...(ctx.params.force === true ? { force: true } : {}),
    // Each table is published in its own transaction; a cancel stops before the next one.
    onTable: (t) => {
      done++;
      if (t.status === 'published') rows += t.rows;
      ctx.progress.report({ done, rows, message: `${t.table}: ${t.status}` });
      throwIfCancelled(ctx);
    },
  });
  return {
    rowsWritten: rows,
    tableVersions: [],
    summary: { published: results.filter((t) => t.status === 'published').map((t) => `${t.lakeTable}@${t.version}`), unchanged: results.filter((t) => t.status === 'unchanged').length },
  };
};

export const servingTasks = { 'serving.publish': publish } satisfies Record<string, TaskImplementation>;
