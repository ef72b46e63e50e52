/** Trade keys bronze already holds near a resume point (seeds the de-dup window after a restart). */
import type { Duck } from '../../duck/duck';
import type { Lake } from '../../lake/types';
import { rfc3339ToNs } from '../../../pipelines/market/index';

export interface TradeKey {
  symbol: string;
  id: number;
  exchange: string;
}

export async function loadRecentTradeKeys(lake: Lake, duck: Duck, aroundTs: string, windowSec = 600): Promise<TradeKey[]> {
  const ns = rfc3339ToNs(aroundTs);
  if (ns === undefined) return [];
  const table = await lake.openTable('bronze', 'alpaca_trades');
  if (!table || (await table.snapshot()).files.length === 0) return [];
  await lake.attach(duck);
  const from = ns - BigInt(windowSec) * 1_000_000_000n;
  const rows = await duck.all<{ symbol: string; id: number; exchange: string }>(`SELECT symbol, CAST(trade_id AS DOUBLE) AS id, exchange FROM bronze.alpaca_trades WHERE ts_ns >= ${from}`);
  return rows;
}
