import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccessCheck } from '../../../../api/connect-api';
import { ErrorState, Loading } from '../../components/states';
import { useApi } from '../../shell/api-context';

/** Containers and folders of the team account, the access check, and "connect here". */
export function TeamBrowser() {
  const api = useApi();
  const client = useQueryClient();
  const [container, setContainer] = useState('');
  const [prefix, setPrefix] = useState('');
  const [access, setAccess] = useState<AccessCheck | null>(null);
  const containers = useQuery({ queryKey: ['connectContainers'], queryFn: () => api.listContainers({}), retry: false });
  const folders = useQuery({
    queryKey: ['connectFolders', container, prefix],
    queryFn: () => api.listFolders({ container, prefix }),
    enabled: container !== '',
    retry: false,
  });
  const check = useMutation({ mutationFn: () => api.checkAccess({ container, prefix }), onSuccess: setAccess });
  const connect = useMutation({
    mutationFn: () => api.connectLake({ kind: 'team', container, prefix }),
    // Every view reads the lake: refetch them all on the new one.
    onSuccess: () => void client.invalidateQueries(),
  });
  const go = (c: string, p: string) => {
    setContainer(c);
    setPrefix(p);
    setAccess(null);
  };

  if (containers.isPending) return <Loading what="the team's containers" />;
  if (containers.error) return <ErrorState error={containers.error} retry={() => void containers.refetch()} />;
  const crumbs = prefix ? prefix.split('/') : [];
  return (
    <div data-testid="team-browser">
      <p>
        Storage API: <b>{containers.data.hierarchicalNamespace ? 'Data Lake (hierarchical namespace)' : 'Blob'}</b>
      </p>
      <div className="view-head">
        <label>
          container
          <select data-testid="container-select" value={container} onChange={(e) => go(e.target.value, '')}>
            <option value="">choose…</option>
            {containers.data.containers.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <button data-testid="refresh-containers" onClick={() => void containers.refetch()} disabled={containers.isFetching}>
          Refresh
        </button>
        {container && (
          <span data-testid="folder-path">
            <button className="link" onClick={() => go(container, '')}>
              {container}
            </button>
            {crumbs.map((part, i) => (
              <span key={i}>
                {' / '}
                <button className="link" onClick={() => go(container, crumbs.slice(0, i + 1).join('/'))}>
                  {part}
                </button>
              </span>
            ))}
          </span>
        )}
      </div>
      {container && folders.isPending && <Loading what="folders" />}
      {folders.error && <ErrorState error={folders.error} />}
      {folders.data && (
        <ul data-testid="folder-list">
          {folders.data.length === 0 && <li>(no sub-folders)</li>}
          {folders.data.map((f) => (
            <li key={f}>
              <button className="link" onClick={() => go(container, prefix ? `${prefix}/${f}` : f)}>
                {f}/
              </button>
            </li>
          ))}
        </ul>
      )}
      {container && (
        <div className="view-head">
          <button data-testid="check-access" onClick={() => check.mutate()} disabled={check.isPending}>
            Check access
          </button>
          <button className="primary" data-testid="connect-team" onClick={() => connect.mutate()} disabled={connect.isPending || (access !== null && !access.read)}>
            {connect.isPending ? 'Connecting…' : 'Connect to this folder'}
          </button>
        </div>
      )}
      {check.error && <ErrorState error={check.error} />}
      {access && (
        <p data-testid="access-result">
          read {access.read ? '✓' : '✗'} · write {access.write ? '✓' : '✗'}
          {access.acl ? ` · ACL ${access.acl}` : ''}
          {access.problem && (
            <span className="error-text">
              <br />
              {access.problem.message}
              {access.problem.hint ? ` — ${access.problem.hint}` : ''}
            </span>
          )}
        </p>
      )}
      {connect.error && <ErrorState error={connect.error} />}
      {connect.isSuccess && <p data-testid="connected">Connected. Every view now reads this lake.</p>}
    </div>
  );
}
