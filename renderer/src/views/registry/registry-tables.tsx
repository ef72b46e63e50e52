import type { AliasEvent, RegistryAlias } from '../../../../api/research-api';
import { fmtTime } from '../../lib/format';

export function ChampionsTable({ aliases }: { aliases: RegistryAlias[] }) {
  const champions = aliases.filter((a) => a.alias === 'champion');
  if (champions.length === 0) return <p className="muted">No champions set. Promote a version below.</p>;
  return (
    <table className="stats" data-testid="champions">
      <thead>
        <tr>
          <th>symbol</th>
          <th className="num">horizon</th>
          <th>model</th>
          <th>run</th>
          <th>since</th>
        </tr>
      </thead>
      <tbody>
        {champions.map((a) => (
          <tr key={`${a.symbol}-${a.horizon}`} data-testid={`champion-${a.symbol}-h${a.horizon}`} data-run={a.runId} data-model={a.model}>
            <td>{a.symbol}</td>
            <td className="num">{a.horizon}</td>
            <td>{a.model}</td>
            <td>
              <code>{a.runId}</code>
            </td>
            <td>{fmtTime(a.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who changed which alias, when, newest first. */
export function AliasEvents({ events }: { events: AliasEvent[] }) {
  if (events.length === 0) return <p className="muted">No alias changes since the registry was created.</p>;
  return (
    <div className="scroll">
      <table className="stats" data-testid="alias-events">
        <thead>
          <tr>
            <th>when</th>
            <th>who</th>
            <th>change</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={`${e.at}-${i}`} data-testid="alias-event">
              <td>{fmtTime(e.at)}</td>
              <td data-testid="alias-event-user">{e.user}</td>
              <td>
                {e.action} {e.model} <code>{e.runId.slice(0, 8)}</code> as {e.alias} of {e.symbol} h{e.horizon}
                {e.previousRunId ? ` (was ${e.previousRunId.slice(0, 8)})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
