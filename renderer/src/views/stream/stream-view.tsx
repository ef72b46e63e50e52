import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StreamBar, StreamStats, StreamTrade } from '../../../../api/operations-api';
import { EChart, type ChartOption } from '../../components/echart';
import { ErrorState, Loading } from '../../components/states';
import { useEvent } from '../../components/use-event';
import { fmt, fmtInt, fmtTime } from '../../lib/format';
import { useApi } from '../../shell/api-context';
import '../../components/ops.css';

const PILL: Record<StreamStats['state'], string> = { connected: 'st-done', connecting: 'st-queued', reconnecting: 'st-warn', stopped: 'st-missing' };

/** The live stream: the alpaca-stream task's state, start/stop, 1-minute bars and last trades. */
export default function StreamView() {
  const api = useApi();
  const client = useQueryClient();
  const initial = useQuery({ queryKey: ['streamState'], queryFn: () => api.streamState({}) });
  const jobs = useQuery({ queryKey: ['listJobs'], queryFn: () => api.listJobs({}) });
  const active = useQuery({ queryKey: ['streamRuns'], queryFn: () => api.runHistory({ job: 'alpaca-stream', limit: 5 }) });
  const [stats, setStats] = useState<StreamStats | null>(null);
  const [symbols, setSymbols] = useState<string[]>(['MSFT']);
  const [ticks, setTicks] = useState<{ bars: StreamBar[]; trades: StreamTrade[] }>({ bars: [], trades: [] });
  useEvent('streamStats', setStats);
  useEvent('streamTicks', setTicks);
  useEvent('runUpdated', (r) => r.job === 'alpaca-stream' && void client.invalidateQueries({ queryKey: ['streamRuns'] }));
  useEffect(() => {
    void api.streamWatch({ symbols }).then(setTicks).catch(() => undefined);
  }, [api, symbols]);

  const current = stats ?? initial.data ?? null;
  const running = active.data?.find((r) => r.state === 'running' || r.state === 'queued');
  const start = useMutation({
    mutationFn: () => api.triggerRun({ job: 'alpaca-stream', params: {} }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['streamRuns'] }),
  });
  const stop = useMutation({
    mutationFn: (runId: string) => api.cancelRun({ runId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['streamRuns'] }),
  });
  const universe = jobs.data?.find((j) => j.name === 'alpaca-stream')?.defaultSymbols;
  const choices = current?.symbols.length ? current.symbols : universe?.length ? universe : ['MSFT', 'INTC', 'IBM', 'GE', 'KO'];

  const option = useMemo<ChartOption>(() => {
    const series = symbols.map((s) => ({
      name: s,
      type: 'line',
      showSymbol: ticks.bars.length < 60,
      data: ticks.bars.filter((b) => b.symbol === s).map((b) => [b.ts, b.close]),
    }));
    return { legend: { top: 0 }, grid: { left: 50, right: 20, top: 30, bottom: 30 }, xAxis: { type: 'time', axisLabel: { hideOverlap: true } }, yAxis: { type: 'value', scale: true, name: 'close' }, series };
  }, [ticks.bars, symbols]);

  if (initial.isPending) return <Loading what="the stream state" />;
  if (initial.error) return <ErrorState error={initial.error} retry={() => void initial.refetch()} />;
  const s = current!;
  return (
    <section data-testid="stream-view">
      <div className="view-head">
        <h1>Live stream</h1>
        <span className={`state-pill ${PILL[s.state]}`} data-testid="stream-state" data-state={s.state}>{s.state}</span>
        <button type="button" className="primary" data-testid="stream-start" disabled={!!running || start.isPending} onClick={() => start.mutate()}>
          Start stream
        </button>
        <button type="button" data-testid="stream-stop" disabled={!running || stop.isPending} onClick={() => running && stop.mutate(running.runId)}>
          Stop stream
        </button>
      </div>
      {(start.error ?? stop.error) && <ErrorState error={(start.error ?? stop.error)!} />}
      <div className="kpis stream-kpis">
        <Kpi label="subscribed symbols" value={s.symbols.join(', ') || '—'} />
        <Kpi label="messages/s" value={fmtInt(Math.round(s.messagesPerSec))} testId="stream-rate" />
        <Kpi label="trades committed" value={fmtInt(s.tradesCommitted)} testId="stream-trades" data={s.tradesCommitted} />
        <Kpi label="trades received" value={fmtInt(s.tradesReceived)} />
        <Kpi label="trade → commit lag p50 / p99" value={`${fmt(s.lagMs.p50, 0)} / ${fmt(s.lagMs.p99, 0)} ms`} />
        <Kpi label="reconnects" value={fmtInt(s.reconnects)} />
        <Kpi label="gaps repaired" value={`${fmtInt(s.gapsRepaired)} (${fmtInt(s.repairRows)} rows)`} />
        <Kpi label="quarantined" value={fmtInt(s.quarantined)} />
      </div>
      <p className="muted" data-testid="stream-run" data-run={s.runId ?? ''}>
        {s.runId ? `run ${s.runId}` : 'not running in this host'} · last trade {s.lastTradeTs ?? '—'} · updated {fmtTime(s.updatedAt)}
      </p>
      <div className="panel">
        <div className="view-head">
          <h2>1-minute bars <small className="muted">(the stream's bars, else built from its committed trades)</small></h2>
          {choices.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={symbols.includes(c)} onChange={(e) => setSymbols((old) => (e.target.checked ? [...old, c] : old.filter((x) => x !== c)).slice(0, 8))} /> {c}
            </label>
          ))}
        </div>
        <EChart option={option} testId="stream-bars" label="1-minute closes of the chosen symbols" data={{ 'data-bars': ticks.bars.length }} />
      </div>
      <div className="panel">
        <h2>Last trades</h2>
        <table className="ops-table" data-testid="stream-trades-table">
          <thead>
            <tr><th>time</th><th>symbol</th><th>price</th><th>size</th></tr>
          </thead>
          <tbody>
            {ticks.trades.map((t, i) => (
              <tr key={`${t.ts}-${i}`}><td>{t.ts}</td><td>{t.symbol}</td><td>{t.price}</td><td>{t.size}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Kpi({ label, value, testId, data }: { label: string; value: string; testId?: string; data?: number }) {
  return (
    <div className="kpi" data-testid={testId} data-value={data}>
      <b>{value}</b>
      <span>{label}</span>
    </div>
  );
}
