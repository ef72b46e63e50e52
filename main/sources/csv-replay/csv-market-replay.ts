import { join } from 'node:path';
import type { Duck } from '../../duck/duck';
import { sqlString } from '../../duck/duck';
import type { MarketFeed, RawBatch } from '../market-feed';
import { DAILY_BAR_CONTRACT } from '../../../pipelines/contracts/market/daily-bar';

/** One bundled CSV and how its columns map to daily-bar records. */
export interface CsvSeriesFile {
  file: string;
  /** 'ohlcv': one symbol with date,open,high,low,close,volume; 'wide-close': date + one close column per symbol. */
  layout: { kind: 'ohlcv'; symbol: string } | { kind: 'wide-close' };
}

export const BUNDLED_DAILY_FILES: readonly CsvSeriesFile[] = [
  { file: 'msft_daily_2000_2001.csv', layout: { kind: 'ohlcv', symbol: 'MSFT' } },
  { file: 'dowjones30_daily_close_1991_2000.csv', layout: { kind: 'wide-close' } },
];

/**
 * Replays the real daily series bundled in resources/market as raw text records (as a vendor
 * feed would deliver them). DuckDB reads the CSV as text only; every value is checked by the
 * daily-bar contract at ingest.
 */
export class CsvMarketReplay implements MarketFeed {
  readonly contract = DAILY_BAR_CONTRACT;
  readonly id: string;

  constructor(
    private readonly duck: Duck,
    private readonly dir: string,
    private readonly files: readonly CsvSeriesFile[] = BUNDLED_DAILY_FILES,
  ) {
    this.id = `csv-replay:${files.map((f) => f.file).join('+')}`;
  }

  async size(): Promise<number> {
    let total = 0;
    for (const file of this.files) total += (await this.records(file)).length;
    return total;
  }

  async *batches(batchSize: number): AsyncIterable<RawBatch> {
    let seq = 0;
    for (const file of this.files) {
      const records = await this.records(file);
      for (let i = 0; i < records.length; i += batchSize) {
        yield { seq: seq++, records: records.slice(i, i + batchSize) };
      }
    }
  }

  private async records(file: CsvSeriesFile): Promise<Array<Record<string, unknown>>> {
    const path = sqlString(join(this.dir, file.file));
    const source = `csv:${file.file}`;
    if (file.layout.kind === 'ohlcv') {
      const rows = await this.duck.all(
        `SELECT date, open, high, low, close, volume FROM read_csv(${path}, header = true, all_varchar = true) ORDER BY date`,
      );
      return rows.map((row) => ({ symbol: file.layout.kind === 'ohlcv' ? file.layout.symbol : '', ...row, source }));
    }
    // Wide layout: one close column per symbol; unpivot to one record per (symbol, date).
    const rows = await this.duck.all(
      `UNPIVOT (SELECT * FROM read_csv(${path}, header = true, all_varchar = true))
       ON COLUMNS(* EXCLUDE (date)) INTO NAME symbol VALUE close
       ORDER BY symbol, date`,
    );
    return rows.map((row) => ({ symbol: row.symbol, date: row.date, close: row.close, source }));
  }
}
