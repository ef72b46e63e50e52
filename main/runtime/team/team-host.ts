/**
 * What `fde run` adds in team mode: telemetry (Prometheus on --metrics-port, Azure Monitor with
 * a connection string, spans to FDE_TRACE_FILE) and, unless it is a --worker, candidacy for the
 * team's scheduler lease. Lines on stdout tell tests and operators what the host became.
 */
import { UsageError } from '../../engine/errors';
import type { Logger } from '../../observability/logger';
import { startTelemetry, type Telemetry } from '../../observability/telemetry/telemetry';
import type { Runtime } from '../runtime';
import { startTeamScheduler, teamOf } from './team-runtime';

/** Starts telemetry when asked for (a port, an Azure connection string or a trace file); before the runtime opens. */
export async function startHostTelemetry(metricsPort: number | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Telemetry | undefined> {
  const azure = env.APPLICATIONINSIGHTS_CONNECTION_STRING || undefined;
  const traceFile = env.FDE_TRACE_FILE || undefined;
  if (metricsPort === undefined && !azure && !traceFile) return undefined;
  return startTelemetry({
    service: 'fde-host', hostId: `pid-${process.pid}`,
    ...(metricsPort !== undefined ? { metricsPort } : {}), ...(azure ? { azureConnectionString: azure } : {}), ...(traceFile ? { traceFile } : {}),
  });
}

/** Before the runtime starts: --worker makes sense only in team mode. */
export function checkWorkerMode(runtime: Runtime, worker: boolean): void {
  if (worker && !teamOf(runtime.store)) throw new UsageError('--worker needs team mode: --team-db, FDE_TEAM_DB, FDE_TEAM_PG_HOST or the lake\'s _runtime/team.json');
}

export async function startTeamHost(runtime: Runtime, o: { worker: boolean; scheduler: boolean; telemetry: Telemetry | undefined; log: Logger }): Promise<void> {
  if (o.telemetry?.metricsUrl) process.stdout.write(`metrics ${o.telemetry.metricsUrl}\n`);
  const team = teamOf(runtime.store);
  if (!team) {
    if (o.worker) throw new UsageError('--worker needs team mode: --team-db, FDE_TEAM_DB, FDE_TEAM_PG_HOST or the lake\'s _runtime/team.json');
    return;
  }
  process.stdout.write(`team mode: ${o.worker ? 'worker' : 'scheduler candidate and worker'}, queue ${team.config.schema}_queue\n`);
  if (o.worker || !o.scheduler) return;
  await startTeamScheduler(runtime, {
    log: o.log,
    onChange: (leader, term) => process.stdout.write(`${leader ? 'scheduler leader' : 'scheduler follower'} term ${term} host ${runtime.hostId}\n`),
  });
}
