import { useEffect, useMemo } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { connectWorkstation } from './api/workstation';
import { ApiContext } from './shell/api-context';
import { AppShell } from './shell/app-shell';

export function App() {
  const api = useMemo(() => connectWorkstation(), []);
  // Results stay cached for the session so switching back to a view paints at once.
  const queryClient = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, gcTime: 30 * 60_000, retry: 1 } } }),
    [],
  );
  // When the engine reports new table versions (including a promote/demote from another window),
  // every view refetches.
  useEffect(() => api.on('lakeChanged', () => void queryClient.invalidateQueries()), [api, queryClient]);
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>
        <AppShell />
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}
