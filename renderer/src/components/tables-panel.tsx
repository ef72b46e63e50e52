import type { TableSummary } from '../../../api/workstation-api';

export function TablesPanel({ tables }: { tables: TableSummary[] }) {
  if (tables.length === 0) return <p className="muted">The lake has no tables yet. Run <code>fde demo</code> to fill it.</p>;
  return (
    <table className="tables" data-testid="tables">
      <thead>
        <tr>
          <th>table</th>
          <th className="num">rows</th>
          <th className="num">version</th>
        </tr>
      </thead>
      <tbody>
        {tables.map((t) => (
          <tr key={t.id} title={t.description ?? ''}>
            <td>
              <span className={`layer layer-${t.layer}`}>{t.layer}</span> {t.name}
            </td>
            <td className="num">{t.numRecords.toLocaleString('en-US')}</td>
            <td className="num">v{t.version}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
