/** Daily bars: the bundled CSV files replayed through the contract into bronze (each batch commits once). */
import { openDuck } from '../../duck/duck';
import { resourcePath } from '../../engine/resources';
import { ingestDailyBars } from '../../ingest/ingest-daily-bars';
import { CsvMarketReplay } from '../../sources/csv-replay/csv-market-replay';
import type { TaskImplementation } from '../task-api';
import { producedVersions, tableVersions, throwIfCancelled } from './support';

const dailyBars: TaskImplementation = async (ctx) => {
  const duck = await openDuck({ threads: 2 });
  try {
    const before = await tableVersions(ctx.lake);
    const feed = new CsvMarketReplay(duck, resourcePath('market'));
    const total = (await feed.size()) ?? undefined;
    const stats = await ingestDailyBars(ctx.lake, duck, feed, {
      // Called after each batch's commit: a cancel stops before the next batch.
      onBatch: (done, s) => {
        ctx.progress.report({ done, ...(total !== undefined ? { total } : {}), rows: s.accepted });
        throwIfCancelled(ctx);
      },
    });
    return {
      rowsWritten: stats.accepted + stats.quarantined,
      tableVersions: await producedVersions(ctx.lake, before),
      summary: { batches: stats.batches, accepted: stats.accepted, quarantined: stats.quarantined, alreadyCommitted: stats.alreadyCommitted },
    };
  } finally {
    duck.close();
  }
};

export const marketTasks = { 'market.daily-bars': dailyBars } satisfies Record<string, TaskImplementation>;
