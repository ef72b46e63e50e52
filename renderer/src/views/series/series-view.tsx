import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { WorkstationApi } from '../../../../api/workstation-api';
import { EChart, type ChartOption } from '../../components/echart';
import { Num } from '../../components/num';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useApi } from '../../shell/api-context';
import { useRouteParams } from '../../shell/router';
import { m4Points } from './m4-points';

const TIME_TYPES = /^(DATE|TIMESTAMP)/;
const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
/** sqlRun's row cap: the raw mode pages through the series in chunks of this size. */
const RAW_CHUNK = 100_000;

interface Selection {
  table: string;
  x: string;
  y: string;
  fcol?: string;
  fval?: string;
}

/** Opened without a selection: one symbol's daily variance, which every demo lake has. */
const DEFAULT_SELECTION: Record<string, string> = { table: 'gold.fact_realized_vol_daily', x: 'date', y: 'variance', fcol: 'symbol', fval: 'MSFT' };

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Every raw point through the SQL lab, for comparing with the decimated chart (bench:ui's
 * baseline). It moves the whole series to the window, which is exactly what decimation avoids.
 */
async function rawPoints(api: WorkstationApi, s: Selection, time: boolean): Promise<Array<[number, number]>> {
  const x = time ? `epoch_ms(CAST(${ident(s.x)} AS TIMESTAMP))` : `CAST(${ident(s.x)} AS DOUBLE)`;
  const where = [`${ident(s.y)} IS NOT NULL`, ...(s.fcol && s.fval !== undefined ? [`CAST(${ident(s.fcol)} AS VARCHAR) = ${quote(s.fval)}`] : [])];
  const [layer, name] = s.table.split('.') as [string, string];
  const points: Array<[number, number]> = [];
  for (let offset = 0; ; offset += RAW_CHUNK) {
    const result = await api.sqlRun({
      sql: `SELECT ${x} AS x, CAST(${ident(s.y)} AS DOUBLE) AS y FROM ${ident(layer)}.${ident(name)} WHERE ${where.join(' AND ')} ORDER BY 1 LIMIT ${RAW_CHUNK} OFFSET ${offset}`,
      maxRows: RAW_CHUNK,
    });
    for (const row of result.rows) points.push([Number(row[0]), Number(row[1])]);
    if (result.rows.length < RAW_CHUNK) return points;
  }
}

/** A long series of any lake table, decimated in the engine (min/max per pixel) before it is drawn. */
export default function SeriesView() {
  const api = useApi();
  const [routeParams, setParams] = useRouteParams();
  const params = routeParams.has('table') ? routeParams : new URLSearchParams({ ...DEFAULT_SELECTION, ...Object.fromEntries(routeParams) });
  const schema = useQuery({ queryKey: ['sqlSchema'], queryFn: () => api.sqlSchema({}) });
  const host = useRef<HTMLDivElement>(null);
  const [measured, setMeasured] = useState<number | undefined>();
  useLayoutEffect(() => setMeasured(Math.max(10, Math.round(host.current?.clientWidth ?? 1000))), []);

  const tables = (schema.data?.tables ?? []).filter((t) => t.columns.some((c) => TIME_TYPES.test(c.type)) && t.columns.some((c) => NUMERIC_TYPES.test(c.type)));
  const table = tables.find((t) => t.id === params.get('table')) ?? tables[0];
  const xCols = table?.columns.filter((c) => TIME_TYPES.test(c.type) || NUMERIC_TYPES.test(c.type)) ?? [];
  const yCols = table?.columns.filter((c) => NUMERIC_TYPES.test(c.type)) ?? [];
  const x = xCols.find((c) => c.name === params.get('x')) ?? xCols.find((c) => TIME_TYPES.test(c.type)) ?? xCols[0];
  const y = yCols.find((c) => c.name === params.get('y')) ?? yCols.find((c) => c.name !== x?.name) ?? yCols[0];
  const fcol = table?.columns.some((c) => c.name === params.get('fcol')) ? params.get('fcol')! : undefined;
  const fval = fcol ? (params.get('fval') ?? undefined) : undefined;
  const raw = params.get('mode') === 'raw';
  const width = Number(params.get('w')) || measured;
  const time = x ? TIME_TYPES.test(x.type) : false;
  const selection: Selection | undefined = table && x && y ? { table: table.id, x: x.name, y: y.name, ...(fcol ? { fcol } : {}), ...(fval !== undefined ? { fval } : {}) } : undefined;

  const series = useQuery({
    queryKey: ['series', raw ? 'raw' : 'decimated', selection, raw ? 0 : width],
    queryFn: async () => {
      if (raw) return { key: 'raw:0', points: await rawPoints(api, selection!, time), total: null as number | null, engineMs: null as number | null };
      // A measure per request (visible in DevTools' Performance panel; bench:ui reads it).
      const started = performance.now();
      const result = await api.decimateSeries({
        table: selection!.table,
        timeColumn: selection!.x,
        valueColumn: selection!.y,
        width: Math.min(10_000, width!),
        ...(fcol && fval !== undefined ? { filter: { column: fcol, value: fval } } : {}),
      });
      performance.measure('fde:decimateSeries', { start: started, detail: { engineMs: result.elapsedMs, buckets: result.buckets.length } });
      return { key: `decimated:${width}`, points: m4Points(result), total: result.totalPoints, engineMs: result.elapsedMs };
    },
    enabled: selection !== undefined && width !== undefined,
    placeholderData: keepPreviousData,
  });

  // Names the data the chart holds (not the one requested: the previous series stays drawn while
  // the next one loads), so data-painted says what is really on screen.
  const paintKey = series.data?.key ?? 'none';
  const option = useMemo<ChartOption | undefined>(
    () =>
      series.data && {
        tooltip: { trigger: 'axis' },
        grid: { left: 60, right: 20, top: 20, bottom: 60 },
        xAxis: { type: time ? 'time' : 'value', scale: true },
        yAxis: { type: 'value', scale: true, name: selection?.y },
        dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 10 }],
        // No sampling here: the decimated series is already one min/max pair per pixel; the raw
        // baseline is drawn as-is on purpose.
        series: [{ type: 'line', showSymbol: false, data: series.data.points, lineStyle: { width: 1 }, large: true }],
      },
    [series.data, time, selection?.y],
  );

  // Writes the whole effective selection, so a default (not in the URL) is not re-applied on top.
  const update = (patch: Record<string, string | undefined>) => setParams({ ...Object.fromEntries(params), ...patch });
  if (schema.isPending) return <Loading what="the lake's tables" />;
  if (schema.error) return <ErrorState error={schema.error} retry={() => void schema.refetch()} />;
  return (
    <section data-testid="series-view" aria-busy={series.isFetching}>
      <div className="view-head">
        <h1>Series</h1>
        <div className="controls">
          <label>
            table
            <select value={table?.id ?? ''} onChange={(e) => update({ table: e.target.value, x: undefined, y: undefined, fcol: undefined, fval: undefined })}>
              {tables.map((t) => (
                <option key={t.id}>{t.id}</option>
              ))}
            </select>
          </label>
          <label>
            x
            <select value={x?.name ?? ''} onChange={(e) => update({ x: e.target.value })}>
              {xCols.map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </select>
          </label>
          <label>
            y
            <select value={y?.name ?? ''} onChange={(e) => update({ y: e.target.value })}>
              {yCols.map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </select>
          </label>
          <label>
            where
            <select value={fcol ?? ''} onChange={(e) => update({ fcol: e.target.value || undefined })}>
              <option value="">(all rows)</option>
              {(table?.columns ?? []).map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </select>
            =
            <input value={fval ?? ''} disabled={!fcol} onChange={(e) => update({ fval: e.target.value || undefined })} aria-label="filter value" />
          </label>
        </div>
      </div>
      {tables.length === 0 && (
        <Empty>
          <p>
            No table with a date or time column and a numeric column. Run <code>npx fde demo --lake &lt;lake&gt;</code>.
          </p>
        </Empty>
      )}
      {series.error && <ErrorState error={series.error} retry={() => void series.refetch()} />}
      <div className="panel" ref={host}>
        <p className="muted">
          {series.data ? (
            <>
              <Num value={series.data.points.length} testId="series-drawn" digits={0} /> points drawn
              {series.data.total !== null && (
                <>
                  {' '}
                  of <Num value={series.data.total} testId="series-total" digits={0} /> rows (min/max per pixel, {series.data.engineMs?.toFixed(0)} ms in the engine)
                </>
              )}
              {raw && ' (every raw point, for comparison)'}
            </>
          ) : (
            'Loading the series…'
          )}
        </p>
        {option && <EChart option={option} testId="series-chart" paintKey={paintKey} label={`${selection?.y} over ${selection?.x} of ${selection?.table}`} data={{ 'data-points': series.data?.points.length ?? 0 }} />}
      </div>
    </section>
  );
}
