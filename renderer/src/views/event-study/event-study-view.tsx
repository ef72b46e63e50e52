import { useMemo, useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { EChart } from '../../components/echart';
import { Num } from '../../components/num';
import { Empty, ErrorState, Loading } from '../../components/states';
import { fmt } from '../../lib/format';
import { useApi } from '../../shell/api-context';
import { useRouteParams } from '../../shell/router';
import { eventStudyOption } from './event-study-chart';

/** The engine's defaults (api/research-api.ts EventStudyRequest), stated in the form. */
const DEFAULTS = { z: '2', spike: '3' } as const;

const numberParam = (value: string | null, fallback: string) => {
  const n = Number(value ?? fallback);
  return Number.isFinite(n) ? n : Number(fallback);
};

/** Event study: days of extreme sentiment or mention spikes and the abnormal log variance around them. */
export default function EventStudyView() {
  const api = useApi();
  const [params, setParams] = useRouteParams();
  const symbol = params.get('symbol') ?? '';
  const z = numberParam(params.get('z'), DEFAULTS.z);
  const spike = numberParam(params.get('spike'), DEFAULTS.spike);
  const [draft, setDraft] = useState({ symbol, z: String(z), spike: String(spike) });

  const symbols = useQuery({ queryKey: ['explorerSymbols'], queryFn: () => api.explorerSymbols({}) });
  const study = useQuery({
    queryKey: ['eventStudy', symbol, z, spike],
    queryFn: () => api.eventStudy({ ...(symbol ? { symbol } : {}), sentimentZ: z, mentionSpike: spike }),
    placeholderData: keepPreviousData,
  });
  const option = useMemo(() => (study.data ? eventStudyOption(study.data) : undefined), [study.data]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setParams({ symbol: draft.symbol || undefined, z: draft.z, spike: draft.spike });
  };

  const data = study.data;
  return (
    <section data-testid="event-study-view" aria-busy={study.isFetching}>
      <div className="view-head">
        <h1>Event study</h1>
      </div>
      <form className="controls panel" onSubmit={apply} aria-label="event thresholds">
        <label>
          symbol
          <select data-testid="event-symbol" value={draft.symbol} onChange={(e) => setDraft({ ...draft, symbol: e.target.value })}>
            <option value="">all symbols (pooled)</option>
            {(symbols.data?.symbols ?? []).map((s) => (
              <option key={s.symbol} value={s.symbol}>
                {s.symbol}
              </option>
            ))}
          </select>
        </label>
        <label title="|z| of sentiment_lag1 against the symbol's mean and sd over its days with mentions; 0 turns this trigger off">
          extreme sentiment |z| ≥
          <input data-testid="event-z" type="number" min={0} max={10} step={0.1} value={draft.z} onChange={(e) => setDraft({ ...draft, z: e.target.value })} />
          <span className="muted">(default {DEFAULTS.z})</span>
        </label>
        <label title="mentions_lag1 at least this multiple of the trailing 20-day mean (at least 1); 0 turns this trigger off">
          mention spike ≥
          <input data-testid="event-spike" type="number" min={0} max={100} step={0.5} value={draft.spike} onChange={(e) => setDraft({ ...draft, spike: e.target.value })} />
          <span className="muted">× trailing 20-day mean (default {DEFAULTS.spike})</span>
        </label>
        <button type="submit" className="primary" data-testid="event-apply">
          Run study
        </button>
      </form>
      {study.isPending && <Loading what="the event study" />}
      {study.error && <ErrorState error={study.error} retry={() => void study.refetch()} />}
      {data && (
        <>
          <div className="kpis">
            <div className="kpi">
              <b><Num value={data.events} testId="event-count" digits={0} /></b>
              <span>events with 60 days of history</span>
            </div>
            <div className="kpi">
              <b>
                {data.params.sentimentZ} / {data.params.mentionSpike}×
              </b>
              <span>thresholds used (|z| / spike)</span>
            </div>
            <div className="kpi">
              <b>
                {-data.params.pre}..+{data.params.post}
              </b>
              <span>event window (trading days)</span>
            </div>
          </div>
          {data.events === 0 ? (
            <Empty>
              <p>No events at these thresholds. Lower |z| or the spike multiple, or pool all symbols.</p>
            </Empty>
          ) : (
            <div className="grid-2">
              <div className="panel">
                <h2>Mean abnormal log variance around events (95% CI)</h2>
                <p className="muted">ln(variance) minus its trailing 60-day mean, averaged over events; day 0 is the event day.</p>
                {option && <EChart option={option} testId="event-chart" className="chart-sm" label="mean abnormal log variance by event day with 95% band" data={{ 'data-points': data.days.length }} />}
                <details>
                  <summary className="muted">values per day</summary>
                  <table className="stats" data-testid="event-days">
                    <thead>
                      <tr>
                        <th>day</th>
                        <th className="num">mean</th>
                        <th className="num">95% CI</th>
                        <th className="num">n</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.days.map((d) => (
                        <tr key={d.day}>
                          <td>{d.day}</td>
                          <td className="num"><Num value={d.mean} testId={`event-mean-${d.day}`} digits={4} /></td>
                          <td className="num">
                            {fmt(d.lower, 4)} … {fmt(d.upper, 4)}
                          </td>
                          <td className="num">{d.n}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </div>
              <div className="panel">
                <h2>
                  Events{' '}
                  <span className="muted">
                    ({data.eventList.length}
                    {data.truncated ? ', newest shown' : ''})
                  </span>
                </h2>
                <div className="scroll">
                  <table className="stats" data-testid="event-list">
                    <thead>
                      <tr>
                        <th>date</th>
                        <th>symbol</th>
                        <th>trigger</th>
                        <th className="num">sentiment</th>
                        <th className="num">z</th>
                        <th className="num">mentions</th>
                        <th className="num">× mean</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.eventList.map((e) => (
                        <tr key={`${e.symbol}-${e.date}`}>
                          <td>{e.date}</td>
                          <td>{e.symbol}</td>
                          <td>{e.trigger}</td>
                          <td className="num">{fmt(e.sentiment, 3)}</td>
                          <td className="num">{fmt(e.sentimentZ, 2)}</td>
                          <td className="num">{e.mentions}</td>
                          <td className="num">{fmt(e.mentionRatio, 2)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
