import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../duck/duck';
import { openLake } from '../lake/index';
import type { Lake } from '../lake/types';
import { MODEL_ALIASES, VOL_FORECASTS } from '../forecast/tables';
import type { TableSpec } from '../lake/types';

/** The columns of gold.fact_realized_vol_daily the service reads. */
const REALIZED_VOL: TableSpec = {
  layer: 'gold',
  name: 'fact_realized_vol_daily',
  columns: [
    { name: 'symbol', type: 'string' },
    { name: 'date', type: 'date' },
    { name: 'close', type: 'double' },
    { name: 'log_return', type: 'double' },
    { name: 'variance', type: 'double' },
  ],
};
import { createWorkstationService, type WorkstationService } from './workstation-service';

const dir = mkdtempSync(join(tmpdir(), 'fde-service-'));
let lake: Lake;
let duck: Duck;
let service: WorkstationService;

beforeAll(async () => {
  lake = await openLake(dir);
  duck = await openDuck({ threads: 1 });
  service = await createWorkstationService(lake);
});

afterAll(async () => {
  await service.close();
  duck.close();
  await lake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('workstation service over a real lake', () => {
  it('answers on an empty lake', async () => {
    expect(await service.handlers.listSymbols({})).toEqual([]);
    expect(await service.handlers.getSymbolSeries({ symbol: 'MSFT', maxPoints: 100 })).toMatchObject({ points: [], totalDays: 0 });
  });

  it('serves series joined with forecasts, thinned to maxPoints, and reports lake changes', async () => {
    await service.poll();
    const vol = await lake.ensureTable(REALIZED_VOL);
    await vol.overwrite({
      duck,
      sql: `SELECT 'MSFT' AS symbol, DATE '2000-01-03' + CAST(i AS INTEGER) AS date, 50.0 + i AS close,
                   CASE WHEN i = 0 THEN NULL ELSE 0.01 END AS log_return,
                   CASE WHEN i < 20 THEN NULL ELSE 0.09 / 252 END AS variance
            FROM range(1000) t(i)`,
    });
    const forecasts = await lake.ensureTable(VOL_FORECASTS);
    await forecasts.overwrite({
      duck,
      sql: `SELECT 'MSFT' AS symbol, DATE '2000-01-03' + CAST(i AS INTEGER) AS date, DATE '2000-01-02' + CAST(i AS INTEGER) AS made_at,
                   1 AS horizon, 'ewma' AS model, 'run-1' AS run_id, 0.0004 AS forecast_variance, 0.4 AS forecast_vol,
                   NULL::DOUBLE AS lower_vol, NULL::DOUBLE AS upper_vol
            FROM range(1, 1001) t(i)`,
    });
    const change = await service.poll();
    expect(change?.tables.map((t) => t.id).sort()).toEqual(['gold.fact_realized_vol_daily', 'gold.vol_forecasts']);
    expect(await service.poll()).toBeUndefined();

    expect(await service.handlers.listSymbols({})).toEqual([{ symbol: 'MSFT', firstDate: '2000-01-03', lastDate: '2002-09-28', days: 1000 }]);
    const series = await service.handlers.getSymbolSeries({ symbol: 'MSFT', maxPoints: 100 });
    expect(series.totalDays).toBe(1000);
    expect(series.points.length).toBeLessThanOrEqual(101);
    expect(series.points[0]).toEqual({ date: '2000-01-03', close: 50, logReturn: null, realizedVol: null, forecastVol: null });
    expect(series.points.at(-1)).toMatchObject({ date: '2002-09-28', close: 1049, forecastVol: 0.4 });
    expect(series.points.at(-1)!.realizedVol).toBeCloseTo(0.3, 12);
    expect(series.nextForecast).toEqual({ date: '2002-09-29', vol: 0.4, model: 'ewma' });
    const status = await service.handlers.getLakeStatus({});
    expect(status).toMatchObject({ uri: dir, tables: 2, totalRecords: 2000 });
  });

  it("charts the symbol's registered champion instead of EWMA", async () => {
    const forecasts = await lake.ensureTable(VOL_FORECASTS);
    await forecasts.append({
      duck,
      sql: `SELECT 'MSFT' AS symbol, DATE '2002-09-27' + CAST(i AS INTEGER) AS date, DATE '2002-09-26' + CAST(i AS INTEGER) AS made_at,
                   1 AS horizon, 'garch' AS model, 'run-g' AS run_id, 0.0001 AS forecast_variance, 0.2 AS forecast_vol,
                   0.1 AS lower_vol, 0.3 AS upper_vol
            FROM range(3) t(i)`,
    });
    const aliases = await lake.ensureTable(MODEL_ALIASES);
    await aliases.append({
      duck,
      sql: `SELECT 'MSFT' AS symbol, 1 AS horizon, 'champion' AS alias, 'run-g' AS run_id, 'garch' AS model, TIMESTAMP '2002-09-28 00:00:00' AS updated_at`,
    });
    const series = await service.handlers.getSymbolSeries({ symbol: 'MSFT', maxPoints: 2000 });
    expect(series.model).toBe('garch');
    expect(series.nextForecast).toEqual({ date: '2002-09-29', vol: 0.2, model: 'garch' });
    expect(series.points.filter((p) => p.forecastVol !== null).map((p) => p.date)).toEqual(['2002-09-27', '2002-09-28']);
  });
});
