import { useQuery } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useEvent } from '../../components/use-event';
import { useApi } from '../../shell/api-context';
import { ChecksPanel } from './checks-panel';
import { QuarantinePanel } from './quarantine-panel';
import '../../components/ops.css';

/** Quality center: checks with history and failing rows, and the quarantine with retry. */
export default function QualityView() {
  const api = useApi();
  const checks = useQuery({ queryKey: ['qualityChecks'], queryFn: () => api.qualityChecks({}) });
  useEvent('lakeChanged', () => void checks.refetch());
  return (
    <section data-testid="quality-view">
      <div className="view-head">
        <h1>Quality center</h1>
      </div>
      {checks.isPending ? <Loading what="the checks" /> : checks.error ? <ErrorState error={checks.error} retry={() => void checks.refetch()} /> : checks.data.length ? <ChecksPanel checks={checks.data} /> : (
        <Empty><p>No check results yet (<code>meta.check_results</code> is empty). Run the <code>checks</code> job or <code>fde build</code>.</p></Empty>
      )}
      <QuarantinePanel />
    </section>
  );
}
