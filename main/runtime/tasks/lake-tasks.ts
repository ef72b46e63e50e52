/** Lake upkeep: a checkpoint of every table (faster snapshot loads), then vacuum past the retention. */
import { checkpoint, DEFAULT_RETENTION_MS, vacuum } from '../../lake/maintenance';
import type { TaskImplementation } from '../task-api';
import { throwIfCancelled } from './support';

const compact: TaskImplementation = async (ctx) => {
  const retentionMs = typeof ctx.params.retentionHours === 'number' ? ctx.params.retentionHours * 3_600_000 : DEFAULT_RETENTION_MS;
  const infos = await ctx.lake.listTables();
  let files = 0;
  let bytes = 0;
  for (const [i, info] of infos.entries()) {
    // Between tables only: a checkpoint or a vacuum of one table always finishes.
    throwIfCancelled(ctx);
    const table = await ctx.lake.openTable(info.layer, info.name);
    if (!table) continue;
    await checkpoint(table);
    const v = await vacuum(table, { dryRun: false, retentionMs });
    files += v.files.length;
    bytes += v.bytes;
    ctx.progress.report({ done: i + 1, total: infos.length, message: `${info.id}: ${v.files.length} files removed` });
  }
  ctx.log.info('lake compacted', { tables: infos.length, filesRemoved: files, bytesRemoved: bytes });
  return { rowsWritten: 0, tableVersions: [], summary: { tables: infos.length, filesRemoved: files, bytesRemoved: bytes, retentionHours: retentionMs / 3_600_000 } };
};

export const lakeTasks = { 'lake.compact': compact } satisfies Record<string, TaskImplementation>;
