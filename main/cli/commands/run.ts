/**
 * `fde run`: the headless host. Scheduler, queued runs (from the app, `fde ui` or other hosts'
 * schedules) and, when asked, the live stream, until Ctrl-C. Ctrl-C stops taking work, lets
 * running runs finish within the grace period, then interrupts them cleanly (they resume on the
 * next host start); a second Ctrl-C skips the grace.
 */
import type { Command } from 'commander';
import { UsageError } from '../../engine/errors';
import { createLogger, stderrSink, type LogLevel } from '../../observability/logger';
import { openRuntime } from '../../runtime/default-runtime';
import { checkWorkerMode, startHostTelemetry, startTeamHost } from '../../runtime/team/team-host';
import { DEFAULT_LAKE } from './demo';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('headless runtime host: scheduler, queued runs and the stream until Ctrl-C')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--no-scheduler', 'do not run schedules (execute queued runs only)')
    .option('--stream', 'keep the alpaca-stream service job running (offline server when no keys are configured)')
    .option('--max-runs <n>', 'runs executed at once by this host', (v) => Number.parseInt(v, 10), 4)
    .option('--grace <seconds>', 'on Ctrl-C, how long running runs may finish before they are interrupted', (v) => Number.parseFloat(v), 30)
    .option('--log-level <level>', 'host log level on stderr (debug, info, warn, error)', 'info')
    .option('--worker', 'team mode: only execute partition runs from the team queue (no scheduler candidacy)')
    .option('--concurrency <n>', 'team mode: partition runs this host executes at once (default --max-runs)', (v) => Number.parseInt(v, 10))
    .option('--team-db <url>', 'team mode: the team PostgreSQL (postgres:// URL; default FDE_TEAM_DB or the lake\'s team settings)')
    .option('--team-auth <how>', 'team mode: how the --team-db URL signs in: entra (token of the managed/workload identity, no password in the URL) or url (default FDE_TEAM_AUTH, else url)')
    .option('--metrics-port <port>', 'serve Prometheus metrics on 127.0.0.1:<port>/metrics (0 = any free port)', (v) => Number.parseInt(v, 10))
    .addHelpText('after', '\nExamples:\n  $ fde run --lake ./lake\n  $ fde run --lake ./lake --stream --max-runs 8')
    .action(async (o: { lake: string; scheduler: boolean; stream?: boolean; maxRuns: number; grace: number; logLevel: string; worker?: boolean; concurrency?: number; teamDb?: string; teamAuth?: string; metricsPort?: number }) => {
      if (o.concurrency !== undefined && !(o.concurrency >= 1)) throw new UsageError('--concurrency must be at least 1');
      if (o.metricsPort !== undefined && !(o.metricsPort >= 0 && o.metricsPort <= 65535)) throw new UsageError('--metrics-port is a port number (0-65535)');
      if (!(o.maxRuns >= 1)) throw new UsageError('--max-runs must be at least 1');
      if (!(o.grace >= 0)) throw new UsageError('--grace must be >= 0 seconds');
      if (o.teamAuth !== undefined && o.teamAuth !== 'entra' && o.teamAuth !== 'url') throw new UsageError('--team-auth is entra or url');
      if (!['debug', 'info', 'warn', 'error'].includes(o.logLevel)) throw new UsageError('--log-level is one of debug, info, warn, error');
      const log = createLogger('host', stderrSink, o.logLevel as LogLevel);
      const telemetry = await startHostTelemetry(o.metricsPort);
      const { runtime } = await openRuntime(o.lake, 'host', {
        log, scheduler: o.scheduler, maxConcurrentRuns: o.maxRuns, services: o.stream ? ['alpaca-stream'] : [],
        team: { concurrency: o.concurrency ?? o.maxRuns, ...(o.teamDb ? { teamDb: o.teamDb } : {}), ...(o.teamAuth ? { teamAuth: o.teamAuth as 'entra' | 'url' } : {}) },
      });
      try {
        checkWorkerMode(runtime, o.worker === true);
      } catch (e) {
        await runtime.stop(0);
        await telemetry?.shutdown();
        throw e;
      }
      runtime.bus.on('runUpdated', (r) => {
        if (r.host === runtime.hostId || r.state === 'queued') log.info(`run ${r.state}`, { runId: r.runId, job: r.job, partition: r.partition, rows: r.rowsWritten, error: r.error ?? undefined });
      });
      await runtime.start();
      process.stdout.write(`fde host ${runtime.hostId} on ${runtime.o.lake.uri} (run store ${runtime.store.location}); Ctrl-C stops\n`);
      await startTeamHost(runtime, { worker: o.worker === true, scheduler: o.scheduler, telemetry, log });
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          process.stderr.write(`\n${signal}: no new work; waiting up to ${o.grace} s for running runs (again to stop now)\n`);
          process.once('SIGINT', () => void runtime.dispatcher.stop(0));
          resolve();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      await runtime.stop(o.grace * 1000);
      await telemetry?.shutdown();
      process.stdout.write('host stopped\n');
    });
}
