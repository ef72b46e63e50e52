/**
 * Reads price points from a CSV file through DuckDB's CSV sniffer (types, delimiters, quoting),
 * selecting the named columns. Rows with a missing time or close are counted and skipped.
 */
import { existsSync } from 'node:fs';
import { openDuck, sqlIdent, sqlString } from '../duck/duck';
import type { PricePoint } from '../../pipelines/volatility/daily-series';
import { FdeError } from '../engine/errors';

export interface CsvColumns {
  time: string;
  price: string;
  open?: string;
  high?: string;
  low?: string;
}

export interface CsvPoints {
  points: PricePoint[];
  skipped: number;
}

export async function readCsvPoints(file: string, cols: CsvColumns): Promise<CsvPoints> {
  if (!existsSync(file)) throw new FdeError(`CSV file not found: ${file}`);
  const duck = await openDuck({ threads: 1 });
  try {
    const source = `read_csv(${sqlString(file)}, header = true)`;
    const header = await duck.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${source})`);
    const names = new Set(header.map((h) => h.column_name));
    for (const [role, name] of Object.entries(cols)) {
      if (name !== undefined && !names.has(name)) {
        throw new FdeError(`column "${name}" (--${role === 'price' ? 'price' : role}-col) is not in ${file}`, `columns: ${[...names].join(', ')}`);
      }
    }
    const num = (name: string | undefined, alias: string): string =>
      name === undefined ? `NULL::DOUBLE AS ${alias}` : `TRY_CAST(${sqlIdent(name)} AS DOUBLE) AS ${alias}`;
    const rows = await duck.all<{ t: string | null; c: number | null; o: number | null; h: number | null; l: number | null }>(
      `SELECT CAST(${sqlIdent(cols.time)} AS VARCHAR) AS t, ${num(cols.price, 'c')}, ${num(cols.open, 'o')}, ${num(cols.high, 'h')}, ${num(cols.low, 'l')} FROM ${source}`,
    );
    const points: PricePoint[] = [];
    let skipped = 0;
    for (const r of rows) {
      if (r.t === null || r.c === null || !Number.isFinite(r.c)) {
        skipped++;
        continue;
      }
      const p: PricePoint = { time: r.t, close: r.c };
      if (r.o !== null) p.open = r.o;
      if (r.h !== null) p.high = r.h;
      if (r.l !== null) p.low = r.l;
      points.push(p);
    }
    return { points, skipped };
  } finally {
    duck.close();
  }
}
