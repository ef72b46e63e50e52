import { useEffect, useMemo } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { connectWorkstation } from './api/workstation';
import { Overview } from './views/overview';

export function App() {
  const api = useMemo(() => connectWorkstation(), []);
  const queryClient = useMemo(() => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }), []);
  // When the engine reports new table versions, every view refetches.
  useEffect(() => api.on('lakeChanged', () => void queryClient.invalidateQueries()), [api, queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <Overview api={api} />
    </QueryClientProvider>
  );
}
