/**
 * Team mode wiring: given a lake, resolves its team settings (settings.ts) and returns the
 * runtime options that swap in the PostgreSQL run store, the pg-boss dispatcher, the shared
 * request budget and the traced task registry. `{}` in local mode. The returned handle (teamOf)
 * carries what a host needs beyond the runtime: the leader election and the queue.
 */
import { trace } from '@opentelemetry/api';
import pg from 'pg';
import type { JobSpec } from '../../../pipelines/jobs/job-spec';
import type { Logger } from '../../observability/logger';
import { createLogger, silentSink } from '../../observability/logger';
import { runtimeMetrics } from '../../observability/telemetry/metrics';
import type { Runtime, RuntimeOptions, RuntimeRole } from '../runtime';
import { scheduleDue } from '../scheduler';
import type { RunStore } from '../store/run-store';
import type { TaskRegistry } from '../task-api';
import { LeaderElection } from './leader';
import { createPgRateBudget, type PgRateBudget } from './pg-rate-budget';
import { PgRunStore } from './pg-store';
import { TeamQueue } from './queue';
import { resolveTeamConfig, type TeamAuth, type TeamConfig } from './settings';
import { TeamDispatcher } from './team-dispatcher';
import { tracedRegistry } from './traced-registry';

export interface TeamHandle {
  config: TeamConfig;
  store: PgRunStore;
  queue: TeamQueue;
  budget: PgRateBudget;
  dispatcher?: TeamDispatcher;
}

const handles = new WeakMap<RunStore, TeamHandle>();

/** The team handle of a runtime's store (undefined in local mode). */
export function teamOf(store: RunStore): TeamHandle | undefined {
  return handles.get(store);
}

export interface TeamRuntimeRequest {
  role: RuntimeRole;
  registry: TaskRegistry;
  /** Partition runs this host executes at once (host role); 0 for a host that only queues. */
  concurrency?: number;
  teamDb?: string;
  /** How a team database URL signs in (`--team-auth`); default FDE_TEAM_AUTH, else as the URL says. */
  teamAuth?: TeamAuth;
  log?: Logger;
}

export async function teamRuntimeOptions(lakeUri: string, req: TeamRuntimeRequest): Promise<Partial<RuntimeOptions>> {
  const config = await resolveTeamConfig(lakeUri, { ...(req.teamDb !== undefined ? { teamDb: req.teamDb } : {}), ...(req.teamAuth ? { teamAuth: req.teamAuth } : {}) });
  if (!config) return {};
  return openTeam(config, req);
}

export async function openTeam(config: TeamConfig, req: TeamRuntimeRequest): Promise<Partial<RuntimeOptions>> {
  const log = req.log ?? createLogger('team', silentSink);
  const pool = new pg.Pool({ ...config.connection, max: 6, application_name: 'fde-runtime' });
  pool.on('error', (e) => log.warn('team database connection error', { error: e.message }));
  const executes = req.role === 'host' && (req.concurrency ?? 1) > 0;
  const queue = new TeamQueue({
    connection: { ...config.connection } as ConstructorParameters<typeof TeamQueue>[0]['connection'],
    schema: `${config.schema}_queue`,
    expireInSeconds: config.expireInSeconds,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
    sendOnly: !executes,
  });
  // Hosts starting together would run the store's and the queue's DDL at once (PostgreSQL can
  // report a deadlock between them): one host at a time sets up, under a session advisory lock.
  const { store, budget } = await withSetupLock(pool, config.schema, async () => {
    const s = await PgRunStore.open({ pool, schema: config.schema, location: config.location });
    await queue.start();
    return { store: s, budget: await createPgRateBudget(s, config.budgets) };
  });
  store.outbox = queue.outbox;
  const handle: TeamHandle = { config, store, queue, budget };
  handles.set(store, handle);
  store.beforeClose.push(() => queue.stop(), async () => budget.close());
  runtimeMetrics().observe('queue', async (r) => {
    r.observe(await queue.depth().catch(() => 0), { queue: 'partition-runs' });
  });
  return {
    store,
    budget,
    registry: tracedRegistry(req.registry),
    hostTimeoutMs: config.hostTimeoutMs,
    // The leader runs the schedules (startTeamScheduler), never a host's own scheduler loop.
    scheduler: false,
    createDispatcher: (d) => {
      const dispatcher = new TeamDispatcher({
        store, queue, jobs: d.jobs, deps: d.deps, clock: d.clock, hostId: d.hostId,
        concurrency: executes ? (req.concurrency ?? d.maxConcurrentRuns) : 0,
        hostTimeoutMs: config.hostTimeoutMs, pollMs: 1_000, log: log.child('dispatcher'), tracer: trace.getTracer('fde.runtime'),
      });
      handle.dispatcher = dispatcher;
      return dispatcher;
    },
  };
}

async function withSetupLock<T>(pool: pg.Pool, schema: string, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`fde-team-setup:${schema}`]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`fde-team-setup:${schema}`]).catch(() => undefined);
    client.release();
  }
}

/**
 * A scheduler candidate: campaigns for the lease and, while leading, queues due schedule ticks
 * and stale automated jobs (its writes carry the lease term; see leader.ts). Returns the election (stop() hands over).
 */
export async function startTeamScheduler(runtime: Runtime, o: { schedulerMs?: number; log?: Logger; onChange?: (leader: boolean, term: number) => void } = {}): Promise<LeaderElection> {
  const handle = teamOf(runtime.store);
  if (!handle) throw new Error('startTeamScheduler needs a runtime in team mode');
  const log = o.log ?? runtime.log;
  const election = new LeaderElection({
    store: handle.store, candidate: runtime.hostId, ttlMs: handle.config.leaseMs,
    onChange: (s) => {
      log.info(s.leader ? 'this host now leads the scheduler' : 'this host does not lead the scheduler', { term: s.term });
      o.onChange?.(s.leader, s.term);
    },
    onError: (e) => log.warn('scheduler lease step failed', { error: String(e) }),
  });
  runtimeMetrics().observe('leader', (r) => r.observe(election.isLeader ? 1 : 0, { host: runtime.hostId, term: election.term }));
  await election.start();
  const jobs: JobSpec[] = [...runtime.jobs.values()];
  let busy = false;
  const tick = async () => {
    if (busy || !election.isLeader) return;
    busy = true;
    try {
      await scheduleDue({
        store: handle.store, jobs, clock: runtime.clock, log,
        enqueue: (job, plan, t, trigger) => runtime.enqueue(job, plan, {}, trigger, null, t.toISOString()),
      });
      // The leader also runs declarative automation, so stale jobs are queued once per team.
      await runtime.automate();
    } catch (e) {
      log.warn('scheduler pass failed', { error: String(e) });
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), o.schedulerMs ?? 15_000);
  timer.unref();
  void tick();
  handle.store.beforeClose.push(async () => {
    clearInterval(timer);
    await election.stop();
  });
  return election;
}
