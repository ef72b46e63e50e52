import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../shell/api-context';

/** Writes a time-travel query for a table and an earlier version into the editor. */
export function TimeTravel({ onPick }: { onPick: (sql: string) => void }) {
  const api = useApi();
  const schema = useQuery({ queryKey: ['sqlSchema'], queryFn: () => api.sqlSchema({}) });
  const [table, setTable] = useState('');
  const [version, setVersion] = useState('0');
  const tables = schema.data?.tables ?? [];
  const chosen = tables.find((t) => t.id === table) ?? tables[0];
  if (!chosen) return null;
  return (
    <span className="controls" aria-label="time travel">
      <label>
        time travel
        <select data-testid="tt-table" value={chosen.id} onChange={(e) => setTable(e.target.value)}>
          {tables.map((t) => (
            <option key={t.id} value={t.id}>
              {t.id} (v{t.version})
            </option>
          ))}
        </select>
      </label>
      <label>
        version
        <input data-testid="tt-version" type="number" min={0} max={chosen.version} value={version} onChange={(e) => setVersion(e.target.value)} />
      </label>
      <button type="button" data-testid="tt-insert" onClick={() => onPick(`SELECT *\nFROM ${chosen.id} AS OF VERSION ${Number(version)}\nLIMIT 1000`)}>
        Write query
      </button>
    </span>
  );
}
