import type { RegistryVersion } from '../../../../api/research-api';
import { Num } from '../../components/num';
import { fmtTime } from '../../lib/format';

/** A metric from metrics_json when it is a number (the registry stores what each run reported). */
const metric = (v: RegistryVersion, key: string): number | null => {
  const value = v.metrics[key];
  return typeof value === 'number' ? value : null;
};
const dmP = (v: RegistryVersion): number | null => {
  const dm = v.metrics.dm_vs_har;
  return dm && typeof dm === 'object' && 'p' in dm && typeof dm.p === 'number' ? dm.p : null;
};

export function VersionsTable({ versions, onChange }: { versions: RegistryVersion[]; onChange: (action: 'promote' | 'demote', version: RegistryVersion) => void }) {
  return (
    <div className="scroll">
      <table className="stats" data-testid="versions">
        <thead>
          <tr>
            <th>symbol</th>
            <th className="num">h</th>
            <th>model</th>
            <th>run</th>
            <th>created</th>
            <th className="num">QLIKE</th>
            <th className="num">MSE</th>
            <th className="num">MAE vol</th>
            <th className="num">DM p vs HAR</th>
            <th>alias</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => {
            const champion = v.aliases.includes('champion');
            return (
              <tr key={v.runId} className={champion ? 'selected' : undefined} data-testid={`version-${v.runId}`}>
                <td>{v.symbol}</td>
                <td className="num">{v.horizon}</td>
                <td>{v.model}</td>
                <td title={v.codeVersion ? `code ${v.codeVersion}` : undefined}>
                  <code>{v.runId.slice(0, 8)}</code>
                </td>
                <td>{fmtTime(v.createdAt)}</td>
                <td className="num"><Num value={metric(v, 'qlike')} /></td>
                <td className="num"><Num value={metric(v, 'mse')} /></td>
                <td className="num"><Num value={metric(v, 'mae_vol')} /></td>
                <td className="num"><Num value={dmP(v)} p /></td>
                <td>{v.aliases.join(', ')}</td>
                <td>
                  {champion ? (
                    <button type="button" className="danger" data-testid={`demote-${v.runId}`} onClick={() => onChange('demote', v)}>
                      Demote
                    </button>
                  ) : (
                    <button type="button" data-testid={`promote-${v.runId}`} onClick={() => onChange('promote', v)}>
                      Promote
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
