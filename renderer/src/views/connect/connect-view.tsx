import { useState, type ChangeEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../../../api/connect-api';
import { ErrorState, Loading } from '../../components/states';
import { useApi } from '../../shell/api-context';
import { TeamBrowser } from './team-browser';

/**
 * Connect: a local folder or the team lake. The team path is: import the settings file your admin
 * handed out, sign in (main opens the system browser; this page never sees a token), browse,
 * check access, connect. Lakes switch without a restart.
 */
export default function ConnectView() {
  const api = useApi();
  const client = useQueryClient();
  const conn = useQuery({ queryKey: ['connection'], queryFn: () => api.getConnection({}) });
  const [mode, setMode] = useState<'local' | 'team' | null>(null);
  const [folder, setFolder] = useState('');
  const update = (info: ConnectionInfo) => client.setQueryData(['connection'], info);
  const importSettings = useMutation({ mutationFn: (json: string) => api.importTeamSettings({ json }), onSuccess: update });
  const signIn = useMutation({ mutationFn: () => api.signIn({}), onSuccess: update });
  const signOut = useMutation({ mutationFn: (account?: string) => api.signOut(account ? { account } : {}), onSuccess: update });
  const useLocal = useMutation({
    mutationFn: () => api.connectLake({ kind: 'local', path: folder }),
    onSuccess: () => void client.invalidateQueries(),
  });

  if (conn.isPending) return <Loading what="the connection" />;
  if (conn.error) return <ErrorState error={conn.error} retry={() => void conn.refetch()} />;
  const info = conn.data;
  const shown = mode ?? info.lake.kind;
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) importSettings.mutate(await file.text());
  };

  return (
    <section data-testid="connect-view">
      <div className="view-head">
        <h1>Connect</h1>
      </div>
      <div className="panel" data-testid="whoami">
        <div>
          Lake: <b data-testid="current-lake">{info.lake.uri}</b> ({info.lake.kind === 'team' ? 'team lake' : 'local folder'})
        </div>
        <div>
          Signed in as:{' '}
          <b data-testid="current-account">{info.account ? `${info.account.username} (tenant ${info.account.tenantId})` : 'nobody'}</b>
          {info.lake.kind === 'team' && <> · storage tokens from {info.credential === 'signed-in' ? 'your sign-in' : 'the environment (DefaultAzureCredential)'}</>}
        </div>
      </div>
      <div className="view-head" role="radiogroup" aria-label="lake kind">
        <label>
          <input type="radio" name="kind" data-testid="kind-local" checked={shown === 'local'} onChange={() => setMode('local')} /> Local folder
        </label>
        <label>
          <input type="radio" name="kind" data-testid="kind-team" checked={shown === 'team'} onChange={() => setMode('team')} /> Team lake
        </label>
      </div>

      {shown === 'local' && (
        <div className="panel">
          <label>
            folder <input data-testid="local-folder" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/home/me/lake" size={50} />
          </label>{' '}
          <button className="primary" disabled={!folder || useLocal.isPending} onClick={() => useLocal.mutate()}>
            Use this folder
          </button>
          {useLocal.error && <ErrorState error={useLocal.error} />}
        </div>
      )}

      {shown === 'team' && (
        <div className="panel" data-testid="team-panel">
          <p>
            Team settings:{' '}
            {info.team ? (
              <span data-testid="team-settings">
                tenant <code>{info.team.tenantId}</code>, lake <code>{info.team.lakeUrl}</code>
              </span>
            ) : (
              'none yet — import the file your team admin handed out'
            )}
          </p>
          <label>
            import settings file <input type="file" accept=".json,application/json" data-testid="settings-file" onChange={(e) => void onFile(e)} />
          </label>
          {importSettings.error && <ErrorState error={importSettings.error} />}
          {info.team && (
            <p>
              <button className="primary" data-testid="sign-in" onClick={() => signIn.mutate()} disabled={signIn.isPending}>
                {signIn.isPending ? 'Waiting for the browser…' : info.account ? 'Sign in with another account' : 'Sign in'}
              </button>{' '}
              {signIn.isPending && <span>Finish signing in in the browser window that opened.</span>}
            </p>
          )}
          {signIn.error && <ErrorState error={signIn.error} />}
          {info.accounts.length > 0 && (
            <ul data-testid="accounts">
              {info.accounts.map((a) => (
                <li key={a.id}>
                  {a.username} (tenant {a.tenantId}){' '}
                  <button className="link" onClick={() => signOut.mutate(a.id)}>
                    sign out
                  </button>
                </li>
              ))}
            </ul>
          )}
          {info.account && <TeamBrowser key={info.account.id} />}
        </div>
      )}
    </section>
  );
}
