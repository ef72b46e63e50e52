/** Replays `market.daily_bar.v1` records into bronze.market_daily_bars. */
import { sqlString } from '../../duck/duck';
import { loadRows } from '../../duck/bulk-load';
import { BRONZE_DAILY_BARS } from '../../ingest/ingest-daily-bars';
import { DAILY_BAR_CONTRACT, DailyBarV1, contractReason } from '../../../pipelines/contracts/market/daily-bar';
import { retryBatchId, retryMarker, type Replay } from './replay';

export const dailyBarReplay: Replay = {
  target: BRONZE_DAILY_BARS,
  validate(raw) {
    const parsed = DailyBarV1.safeParse(raw);
    return parsed.success ? { ok: true, row: parsed.data } : { ok: false, reason: contractReason(parsed.error) };
  },
  async append({ lake, duck, retryId }, items) {
    const table = await lake.ensureTable(BRONZE_DAILY_BARS);
    const temp = await loadRows(duck, 'retry_daily_bars', [
      { name: 'symbol', type: 'VARCHAR' }, { name: 'date', type: 'VARCHAR' }, { name: 'open', type: 'DOUBLE' }, { name: 'high', type: 'DOUBLE' },
      { name: 'low', type: 'DOUBLE' }, { name: 'close', type: 'DOUBLE' }, { name: 'volume', type: 'BIGINT' }, { name: 'source', type: 'VARCHAR' },
    ], items.map((i) => i.row));
    await table.append(
      {
        duck,
        sql: `SELECT symbol, CAST(date AS DATE) AS date, open, high, low, close, volume, source, ${sqlString(retryBatchId(retryId))} AS batch_id,
                     CAST(${sqlString(new Date().toISOString())} AS TIMESTAMP) AS ingested_at FROM ${temp}`,
      },
      { txn: retryMarker(retryId), info: { source: 'quarantine-retry', contract: DAILY_BAR_CONTRACT } },
    );
    await duck.run(`DROP TABLE IF EXISTS ${temp}`);
  },
};
