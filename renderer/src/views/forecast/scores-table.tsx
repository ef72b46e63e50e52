import type { ModelScores } from '../../../../api/research-api';
import { Num } from '../../components/num';

/** Per-model losses on the common sample and the DM p-value against the champion. */
export function ScoresTable({ scores }: { scores: ModelScores }) {
  return (
    <>
      <table className="stats" data-testid="scores-table">
        <thead>
          <tr>
            <th>model</th>
            <th className="num">n</th>
            <th className="num">QLIKE</th>
            <th className="num">MSE (var)</th>
            <th className="num">MAE (vol)</th>
            <th className="num">DM p vs champion</th>
          </tr>
        </thead>
        <tbody>
          {scores.scores.map((s) => (
            <tr key={s.runId} className={s.champion ? 'selected' : undefined}>
              <td>
                {s.model}
                {s.champion ? ' ★ champion' : ''}
              </td>
              <td className="num">{s.n}</td>
              <td className="num"><Num value={s.qlike} testId={`score-${s.model}-qlike`} digits={4} /></td>
              <td className="num"><Num value={s.mse} testId={`score-${s.model}-mse`} digits={4} /></td>
              <td className="num"><Num value={s.mae} testId={`score-${s.model}-mae`} digits={4} /></td>
              <td className={`num${s.dmP !== null && s.dmP < 0.05 ? ' sig' : ''}`}><Num value={s.dmP} testId={`score-${s.model}-dm-p`} p /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {scores.champion ? `Champion: ${scores.champion.model} (meta.model_aliases). ` : 'No champion registered for this horizon, so no DM tests. '}
        Losses on daily variance over the dates every model forecast{scores.from ? ` (${scores.from} – ${scores.to})` : ''}; DM on the QLIKE differential.
      </p>
    </>
  );
}
