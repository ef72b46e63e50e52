import { useQuery } from '@tanstack/react-query';
import { Num } from '../../components/num';
import { ErrorState, Loading } from '../../components/states';
import { useApi } from '../../shell/api-context';
import { FanPanel } from './fan-panel';

/** Two runs side by side on their common dates, with a DM test of one against the other. */
export function CompareRuns({ runA, runB, symbol }: { runA: string; runB: string; symbol: string }) {
  const api = useApi();
  // The symbol names the series even for a run id that spans symbols (the demo's EWMA run).
  const compare = useQuery({
    queryKey: ['forecastCompare', runA, runB, symbol],
    queryFn: () => api.forecastCompare({ runA, runB, symbolA: symbol, symbolB: symbol }),
  });
  if (compare.isPending) return <Loading what="the comparison" />;
  if (compare.error) return <ErrorState error={compare.error} retry={() => void compare.refetch()} />;
  const { a, b, scores, dm } = compare.data;
  return (
    <section className="panel" data-testid="compare">
      <h2>
        Compare {a.model} ({a.runId.slice(0, 8)}) with {b.model} ({b.runId.slice(0, 8)})
      </h2>
      <table className="stats">
        <thead>
          <tr>
            <th>run</th>
            <th className="num">n (common)</th>
            <th className="num">QLIKE</th>
            <th className="num">MSE (var)</th>
            <th className="num">MAE (vol)</th>
          </tr>
        </thead>
        <tbody>
          {([['a', scores.a], ['b', scores.b]] as const).map(([key, s]) => (
            <tr key={key}>
              <td>
                {key.toUpperCase()}: {s.model}
              </td>
              <td className="num">{s.n}</td>
              <td className="num"><Num value={s.qlike} testId={`compare-${key}-qlike`} /></td>
              <td className="num"><Num value={s.mse} testId={`compare-${key}-mse`} /></td>
              <td className="num"><Num value={s.mae} testId={`compare-${key}-mae`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Diebold-Mariano on QLIKE, A vs B over <Num value={dm.n} digits={0} /> common days: stat <Num value={dm.stat} testId="compare-dm-stat" digits={3} />, p{' '}
        <Num value={dm.p} testId="compare-dm-p" p /> (negative: A better)
      </p>
      <div className="grid-2">
        <FanPanel fan={a} prefix="a-" compact />
        <FanPanel fan={b} prefix="b-" compact />
      </div>
    </section>
  );
}
