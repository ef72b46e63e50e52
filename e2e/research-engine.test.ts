/**
 * The research handlers on the demo lake against independent SQL on a separate DuckDB
 * connection: the explorer's default selection, the event study's per-day means and counts, and
 * the forecast lab's interval coverage (lognormal rescaling of the stored 90% band, written in SQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../main/engine/api-dispatch';
import { createWorkstationService, type WorkstationService } from '../main/engine/workstation-service';
import { openDuck, type Duck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';
import { sharedDemoLake } from './helpers/demo-lake';

let service: WorkstationService;
let duck: Duck;

beforeAll(async () => {
  const dir = await sharedDemoLake();
  service = await createWorkstationService(await openLake(dir));
  duck = await openDuck({ threads: 1 });
  await (await openLake(dir)).attach(duck);
}, 900_000);

afterAll(async () => {
  await service?.close();
  duck?.close();
});

const call = (method: string, params: unknown) => dispatch(service.handlers, method, params);

describe('research engine on the demo lake', () => {
  it('opens the explorer on the symbol and range with the most sentiment days', async () => {
    const [top] = await duck.all(
      `SELECT symbol, strftime(min(date), '%Y-%m-%d') AS f, strftime(max(date), '%Y-%m-%d') AS l, count(*) AS n
       FROM gold.mart_sentiment_volatility WHERE mentions_lag1 > 0 GROUP BY symbol ORDER BY n DESC, symbol LIMIT 1`,
    );
    const r = (await call('explorerSymbols', {})) as { defaultSelection: { symbol: string; from: string; to: string } };
    expect(r.defaultSelection).toEqual({ symbol: top!.symbol, from: top!.f, to: top!.l });
  });

  it('event study: per-day mean abnormal log variance and counts equal a SQL formulation', async () => {
    const r = (await call('eventStudy', { symbol: 'MSFT' })) as { events: number; days: Array<{ day: number; mean: number | null; n: number }> };
    expect(r.events).toBeGreaterThan(5);
    const rows = await duck.all(
      `WITH m AS (SELECT date, ln(variance) AS lv, sentiment_lag1 AS s, CAST(mentions_lag1 AS DOUBLE) AS mc,
                         row_number() OVER (ORDER BY date) AS i
                  FROM gold.mart_sentiment_volatility WHERE symbol = 'MSFT' AND variance > 0),
            st AS (SELECT avg(s) AS mu, stddev_pop(s) AS sd FROM m WHERE s IS NOT NULL),
            a AS (SELECT *, CASE WHEN count(*) OVER w60 = 60 THEN lv - avg(lv) OVER w60 END AS ar,
                         CASE WHEN count(*) OVER w20 = 20 THEN avg(mc) OVER w20 END AS base
                  FROM m WINDOW w60 AS (ORDER BY i ROWS BETWEEN 60 PRECEDING AND 1 PRECEDING),
                                w20 AS (ORDER BY i ROWS BETWEEN 20 PRECEDING AND 1 PRECEDING)),
            ev AS (SELECT a.i FROM a, st WHERE a.ar IS NOT NULL
                     AND ((a.s IS NOT NULL AND abs((a.s - st.mu) / st.sd) >= 2) OR (a.base IS NOT NULL AND a.mc > 0 AND a.mc >= 3 * greatest(1, a.base))))
       SELECT k.day, avg(x.ar) AS mean, count(x.ar) AS n, (SELECT count(*) FROM ev) AS events
       FROM ev, range(-5, 11) k(day) JOIN a x ON x.i = ev.i + k.day
       GROUP BY k.day ORDER BY k.day`,
    );
    expect(r.events).toBe(Number(rows[0]!.events));
    for (const d of r.days) {
      const want = rows.find((x) => Number(x.day) === d.day)!;
      expect(d.n).toBe(Number(want.n));
      expect(d.mean!).toBeCloseTo(Number(want.mean), 10);
    }
  });

  it('forecast lab: coverage equals the SQL share of realized vol inside the rescaled bands', async () => {
    const fan = (await call('forecastFan', { symbol: 'MSFT', horizon: 1 })) as {
      runId: string; intervalMethod: string; coverage: Record<'p80' | 'p95', { n: number; inside: number }>;
    };
    expect(fan.intervalMethod).toBe('lake-lognormal');
    const [want] = await duck.all(
      `WITH fact AS (SELECT date, variance, lag(date) OVER (ORDER BY date) AS prev FROM gold.fact_realized_vol_daily WHERE symbol = 'MSFT'),
            f AS (SELECT f.*, sqrt(252 * x.variance) AS rv,
                         -- ln(realized/forecast) ~ N(mu, sigma^2) fitted to the stored 5%/95% band
                         ln(lower_vol * upper_vol / (forecast_vol * forecast_vol)) AS mu, ln(upper_vol / lower_vol) / 1.6448536269514722 AS sigma
                  FROM gold.vol_forecasts f JOIN fact x ON x.date = f.date AND x.prev = f.made_at
                  WHERE f.symbol = 'MSFT' AND f.horizon = 1 AND f.run_id = '${fan.runId}' AND x.variance IS NOT NULL)
       SELECT count(*) AS n,
              count(*) FILTER (WHERE rv BETWEEN forecast_vol * exp((mu - 1.2815515655446004 * sigma) / 2) AND forecast_vol * exp((mu + 1.2815515655446004 * sigma) / 2)) AS in80,
              count(*) FILTER (WHERE rv BETWEEN forecast_vol * exp((mu - 1.959963984540054 * sigma) / 2) AND forecast_vol * exp((mu + 1.959963984540054 * sigma) / 2)) AS in95
       FROM f`,
    );
    expect(fan.coverage.p80.n).toBe(Number(want!.n));
    // Boundary cases aside (none expected), the counts agree exactly.
    expect(fan.coverage.p80.inside).toBe(Number(want!.in80));
    expect(fan.coverage.p95.inside).toBe(Number(want!.in95));
  });
});
