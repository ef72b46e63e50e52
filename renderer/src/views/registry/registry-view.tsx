import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RegistryVersion } from '../../../../api/research-api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Empty, ErrorState, Loading } from '../../components/states';
import { fmtTime } from '../../lib/format';
import { useApi } from '../../shell/api-context';
import { useRouteParams } from '../../shell/router';
import { AliasEvents, ChampionsTable } from './registry-tables';
import { VersionsTable } from './versions-table';

export interface PendingChange {
  action: 'promote' | 'demote';
  version: RegistryVersion;
}

/** Model registry: models, versions with metrics, champions per horizon, and their history. */
export default function RegistryView() {
  const api = useApi();
  const client = useQueryClient();
  const [params, setParams] = useRouteParams();
  const symbol = params.get('symbol') ?? '';
  const state = useQuery({ queryKey: ['registryState', symbol], queryFn: () => api.registryState(symbol ? { symbol } : {}) });
  const [pending, setPending] = useState<PendingChange | null>(null);
  const change = useMutation({
    mutationFn: (p: PendingChange) => api.registrySetAlias({ action: p.action, runId: p.version.runId, alias: 'champion', confirm: true }),
    onSuccess: () => {
      setPending(null);
      // The alias moves what forecasts, charts and scores treat as champion: refetch them all.
      void client.invalidateQueries();
    },
  });

  if (state.isPending) return <Loading what="the model registry" />;
  if (state.error) return <ErrorState error={state.error} retry={() => void state.refetch()} />;
  const data = state.data;
  if (!data.available) {
    return (
      <Empty>
        <p>
          No registered models yet (<code>meta.model_runs</code> is missing). Run <code>npx fde demo --lake &lt;lake&gt;</code> or{' '}
          <code>fde forecast backtest</code>.
        </p>
      </Empty>
    );
  }
  const allSymbols = [...new Set(data.models.flatMap((m) => m.symbols))].sort();
  const current = pending && data.aliases.find((a) => a.symbol === pending.version.symbol && a.horizon === pending.version.horizon && a.alias === 'champion');

  return (
    <section data-testid="registry-view" aria-busy={state.isFetching}>
      <div className="view-head">
        <h1>Model registry</h1>
        <label>
          symbol
          <select data-testid="registry-symbol" value={symbol} onChange={(e) => setParams({ symbol: e.target.value || undefined })}>
            <option value="">all</option>
            {allSymbols.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="kpis">
        {data.models.map((m) => (
          <div className="kpi" key={m.model}>
            <b>{m.model}</b>
            <span>
              {m.versions} version{m.versions === 1 ? '' : 's'} · {m.symbols.join(', ')}
            </span>
          </div>
        ))}
      </div>
      {change.error && <ErrorState error={change.error} />}
      <div className="grid-2">
        <div className="panel">
          <h2>Champion per symbol and horizon</h2>
          <ChampionsTable aliases={data.aliases} />
        </div>
        <div className="panel">
          <h2>Changes</h2>
          <AliasEvents events={data.events} />
        </div>
      </div>
      <div className="panel">
        <h2>Versions</h2>
        <VersionsTable versions={data.versions} onChange={(action, version) => { change.reset(); setPending({ action, version }); }} />
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={pending ? `${pending.action === 'promote' ? 'Promote' : 'Demote'} ${pending.version.model} for ${pending.version.symbol} h${pending.version.horizon}?` : ''}
        confirmLabel={pending?.action === 'promote' ? 'Promote to champion' : 'Remove champion alias'}
        busy={change.isPending}
        onConfirm={() => pending && change.mutate(pending)}
        onCancel={() => setPending(null)}
      >
        {pending && (
          <p data-testid="confirm-text">
            {pending.action === 'promote'
              ? `Run ${pending.version.runId} becomes the champion of ${pending.version.symbol} at horizon ${pending.version.horizon}${current ? `, replacing ${current.model} (${current.runId}, set ${fmtTime(current.updatedAt)})` : ''}.`
              : `${pending.version.symbol} at horizon ${pending.version.horizon} will have no champion until another run is promoted.`}{' '}
            <code>fde serve</code> answers with the champion from now on, and the change is recorded with your user name and the time.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
