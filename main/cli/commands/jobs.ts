/**
 * `fde jobs ...`: list jobs, run one, backfill a date range, show history and logs, cancel.
 * Each command opens the lake's run store; `run` and `backfill` execute their runs in this
 * process (a running `fde run` host may take some of them; the command then waits for it).
 */
import type { Command } from 'commander';
import { FdeError, UsageError } from '../../engine/errors';
import { cliLogger } from '../../observability/logger';
import { openRuntime } from '../../runtime/default-runtime';
import { BadInputError } from '../../runtime/errors';
import { listJobs, runDetail } from '../../runtime/runtime-api';
import { publicRun, type Runtime } from '../../runtime/runtime';
import type { RuntimeEvent } from '../../runtime/event-bus';
import { LEVEL_NUMBERS, type LevelName } from '../../runtime/store/rows';
import type { RunRecord } from '../../runtime/store/run-store';
import { formatTextTable } from '../format/text-table';
import { createProgress } from '../progress';
import { DEFAULT_LAKE } from './demo';

const SYMBOLS = /^[A-Z][A-Z0-9.\-/]*(,[A-Z][A-Z0-9.\-/]*)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function withRuntime<T>(lake: string, role: 'cli' | 'viewer', work: (rt: Runtime) => Promise<T>): Promise<T> {
  const { runtime } = await openRuntime(lake, role, { log: cliLogger('runtime') });
  try {
    await runtime.start();
    return await work(runtime);
  } catch (e) {
    if (e instanceof BadInputError) throw new UsageError(e.message);
    throw e;
  } finally {
    await runtime.stop(0);
  }
}

function symbolsOption(v: string): string[] {
  if (!SYMBOLS.test(v)) throw new UsageError(`--symbols takes upper-case symbols separated by commas, got '${v}'`);
  return v.split(',');
}
function dateOption(v: string): string {
  if (!DATE.test(v)) throw new UsageError(`dates are YYYY-MM-DD, got '${v}'`);
  return v;
}
function paramOption(v: string, prev: Record<string, unknown>): Record<string, unknown> {
  const eq = v.indexOf('=');
  if (eq < 1) throw new UsageError(`--param takes key=value, got '${v}'`);
  return { ...prev, [v.slice(0, eq)]: v.slice(eq + 1) };
}

/** Task state changes, and progress every 2 s per task, as lines on stderr (stdout stays for results). */
function narrate(rt: Runtime): () => void {
  const lastProgress = new Map<string, number>();
  return rt.bus.subscribe((name, payload) => {
    if (name === 'taskUpdated') {
      const p = payload as RuntimeEvent<'taskUpdated'>;
      if (p.state === 'running' && p.progress) {
        const now = Date.now();
        if (now - (lastProgress.get(p.taskId) ?? 0) < 2_000) return;
        lastProgress.set(p.taskId, now);
        const { done, total, rows, rowsPerSec, message } = p.progress;
        process.stderr.write(`  ${p.taskId} #${p.attempt}: ${total ? `${done}/${total}` : done}, ${rows} rows, ${rowsPerSec.toFixed(0)} rows/s${message ? ` - ${message}` : ''}\n`);
        return;
      }
      const rows = p.progress && p.state === 'succeeded' ? ` (${p.progress.rows} rows)` : '';
      process.stderr.write(`  ${p.taskId} #${p.attempt}: ${p.state}${rows}${p.error ? ` - ${p.error}` : ''}\n`);
    }
  });
}

function summaryLine(r: RunRecord): string {
  return `${r.runId} ${r.job}${r.partition ? ` [${r.partition}]` : ''}: ${r.state}, ${r.rowsWritten} rows${r.error ? ` - ${r.error}` : ''}`;
}

export function registerJobsCommand(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('jobs, runs, backfills and their logs (the workstation runtime; see docs/runtime.md)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ fde jobs ls\n  $ fde jobs run build-models --select "gold.*"\n  $ fde jobs backfill alpaca-backfill --from 2000-12-04 --to 2000-12-15 --symbols MSFT,INTC --dry-run\n  $ fde jobs history --json\n  $ fde jobs logs RUN_ID --follow --level warn`,
    );

  jobs
    .command('ls')
    .description('list the jobs with schedule, last run and staleness')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--json', 'print a JSON array')
    .action((o: { lake: string; json?: boolean }) =>
      withRuntime(o.lake, 'viewer', async (rt) => {
        const list = await listJobs(rt);
        if (o.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        const rows = list.map((j) => ({
          job: j.name, kind: j.kind, partitions: j.partitioning, schedule: j.schedule ?? '-', next: j.nextTick ?? '-',
          last: j.lastRun ? `${j.lastRun.state} ${j.lastRun.runId}` : '-', stale: j.stale.stale ? j.stale.reasons.join('; ') : '',
          auto: j.automation?.onUpstreamChange ? `on stale, >=${j.automation.minIntervalMinutes}m` : '-',
        }));
        process.stdout.write(`${formatTextTable(['job', 'kind', 'partitions', 'schedule', 'next', 'last', 'auto', 'stale'], rows, 60)}\n`);
      }),
    );

  jobs
    .command('run')
    .description('run one job now (one partition, or the whole job when it is not partitioned)')
    .argument('<job>', 'job name (see fde jobs ls)')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--partition <key>', 'YYYY-MM-DD (or YYYY-MM-DD|SYMBOL) for partitioned jobs')
    .option('--symbols <list>', 'symbols for symbol-day jobs (default: the job\'s)', symbolsOption)
    .option('--select <selector>', 'model selector for build-models ("gold.*", "+fact_x")')
    .option('--param <key=value>', 'a job parameter (repeatable)', paramOption, {})
    .option('--json', 'print the run with its task attempts as JSON')
    .action((job: string, o: { lake: string; partition?: string; symbols?: string[]; select?: string; param: Record<string, unknown>; json?: boolean }) =>
      withRuntime(o.lake, 'cli', async (rt) => {
        const params = { ...o.param, ...(o.select ? { select: o.select } : {}) };
        const runId = await rt.trigger(job, o.partition, params, o.symbols);
        process.stderr.write(`run ${runId} of ${job} started\n`);
        const stopNarrating = o.json ? () => undefined : narrate(rt);
        const interrupt = () => void rt.cancelRun(runId);
        process.once('SIGINT', interrupt);
        const [run] = await rt.execute([runId]);
        process.off('SIGINT', interrupt);
        stopNarrating();
        if (o.json) process.stdout.write(`${JSON.stringify(await runDetail(rt, runId), null, 2)}\n`);
        else process.stdout.write(`${summaryLine(run!)}\n`);
        if (run!.state !== 'succeeded') throw new FdeError(`run ${runId} ${run!.state}`, `see its log: fde jobs logs ${runId}`);
      }),
    );

  jobs
    .command('backfill')
    .description('run a job over a date range (trading days of the NYSE calendar), one run per day')
    .argument('<job>', 'a partitioned job')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD)', dateOption)
    .requiredOption('--to <date>', 'last day (YYYY-MM-DD)', dateOption)
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--symbols <list>', 'symbols for symbol-day jobs (default: the job\'s)', symbolsOption)
    .option('--dry-run', 'list every partition with its state and what would run; change nothing')
    .option('--all', 're-run partitions that are already done too')
    .option('--json', 'print the plan (and the finished runs) as JSON')
    .action((job: string, o: { lake: string; from: string; to: string; symbols?: string[]; dryRun?: boolean; all?: boolean; json?: boolean }) =>
      withRuntime(o.lake, 'cli', async (rt) => {
        const plan = await rt.backfill({ job, from: o.from, to: o.to, symbols: o.symbols, dryRun: !!o.dryRun, rerun: o.all ? 'all' : 'missing' });
        if (o.dryRun) {
          if (o.json) return void process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
          const rows = plan.partitions.map((p) => ({ partition: p.key, state: p.state, action: p.action === 'run' ? 'would run' : 'skip', run: p.runId ?? '', note: p.note ?? '' }));
          process.stdout.write(`${formatTextTable(['partition', 'state', 'action', 'run', 'note'], rows, 60)}\n`);
          const n = plan.partitions.filter((p) => p.action === 'run').length;
          process.stdout.write(`dry run: ${n} of ${plan.partitions.length} partitions would run in ${new Set(plan.partitions.filter((p) => p.action === 'run').map((p) => p.date)).size} runs; nothing changed\n`);
          return;
        }
        const progress = createProgress();
        progress.start(`${job} ${o.from}..${o.to}`, plan.runIds.length);
        const t0 = Date.now();
        let done = 0;
        let rows = 0;
        const interrupt = () => {
          process.stderr.write('\ncancelling the backfill (runs in flight stop cleanly)...\n');
          for (const id of plan.runIds) void rt.cancelRun(id).catch(() => undefined);
        };
        process.once('SIGINT', interrupt);
        const finished = await rt.execute(plan.runIds, (r) => {
          done++;
          rows += r.rowsWritten;
          const secs = (Date.now() - t0) / 1000;
          const eta = done > 0 ? ((plan.runIds.length - done) * secs) / done : 0;
          progress.update(done, `${(rows / Math.max(secs, 0.001)).toFixed(0)} rows/s, ETA ${eta.toFixed(0)} s`);
        });
        process.off('SIGINT', interrupt);
        const bad = finished.filter((r) => r.state !== 'succeeded');
        progress.stop(`backfill ${plan.backfillId}: ${finished.length - bad.length}/${plan.runIds.length} runs succeeded, ${rows} rows, ${plan.partitions.filter((p) => p.action === 'skip').length} partitions skipped (already done or running)`);
        if (o.json) process.stdout.write(`${JSON.stringify({ ...plan, runs: finished.map(publicRun) }, null, 2)}\n`);
        for (const r of bad) process.stderr.write(`${summaryLine(r)}\n`);
        if (bad.length) throw new FdeError(`${bad.length} of ${plan.runIds.length} runs did not succeed`, 're-run the same backfill to retry the failed and cancelled partitions');
      }),
    );

  jobs
    .command('history')
    .description('runs, newest first, with state, partition, rows and error')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--job <name>', 'only this job')
    .option('--state <state>', 'only runs in this state')
    .option('--limit <n>', 'at most n runs', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print a JSON array')
    .action((o: { lake: string; job?: string; state?: string; limit: number; json?: boolean }) =>
      withRuntime(o.lake, 'viewer', async (rt) => {
        if (!(o.limit > 0)) throw new UsageError('--limit must be a positive number');
        const states = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'];
        if (o.state && !states.includes(o.state)) throw new UsageError(`--state is one of ${states.join(', ')}`);
        const runs = await rt.store.listRuns({ job: o.job, state: o.state as RunRecord['state'] | undefined, limit: o.limit });
        if (o.json) return void process.stdout.write(`${JSON.stringify(runs.map(publicRun), null, 2)}\n`);
        const rows = runs.map((r) => ({ run: r.runId, job: r.job, partition: r.partition, state: r.state, trigger: r.trigger, attempt: r.attempt, started: r.startedAt ?? '', ended: r.endedAt ?? '', rows: r.rowsWritten, error: r.error ?? '', reason: r.reason ?? '' }));
        process.stdout.write(`${formatTextTable(['run', 'job', 'partition', 'state', 'trigger', 'attempt', 'started', 'ended', 'rows', 'error', 'reason'], rows, 48)}\n`);
      }),
    );

  jobs
    .command('logs')
    .description("a run's structured log lines (every task attempt)")
    .argument('<run>', 'run id (see fde jobs history)')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--level <level>', 'lowest level shown: debug, info, warn, error', 'info')
    .option('--task <id>', 'only this task')
    .option('--follow', 'keep printing new lines until the run ends')
    .option('--json', 'print JSON lines')
    .action((runId: string, o: { lake: string; level: string; task?: string; follow?: boolean; json?: boolean }) =>
      withRuntime(o.lake, 'viewer', async (rt) => {
        if (!(o.level in LEVEL_NUMBERS)) throw new UsageError('--level is one of debug, info, warn, error');
        if (!(await rt.store.getRun(runId))) throw new UsageError(`no run '${runId}'`, 'list runs with: fde jobs history');
        let after = 0;
        for (;;) {
          const lines = await rt.store.readLogs({ runId, taskId: o.task, minLevel: LEVEL_NUMBERS[o.level as LevelName], after, limit: 1000 });
          for (const l of lines) {
            after = l.seq;
            process.stdout.write(o.json ? `${JSON.stringify(l)}\n` : `${l.time} ${l.level.padEnd(5)} ${l.taskId ?? '-'}${l.attempt ? `#${l.attempt}` : ''} ${l.msg}${fieldsText(l.fields)}\n`);
          }
          if (lines.length === 1000) continue;
          const run = await rt.store.getRun(runId);
          if (!o.follow || !run || !['queued', 'running'].includes(run.state)) break;
          await new Promise((r) => setTimeout(r, 500));
        }
      }),
    );

  jobs
    .command('cancel')
    .description('cancel a run: queued runs at once, running ones stop cleanly at their next check')
    .argument('<run>', 'run id')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .action((runId: string, o: { lake: string }) =>
      withRuntime(o.lake, 'viewer', async (rt) => {
        const before = await rt.store.getRun(runId);
        if (!before) throw new UsageError(`no run '${runId}'`, 'list runs with: fde jobs history');
        if (!['queued', 'running'].includes(before.state)) return void process.stdout.write(`run ${runId} is already ${before.state}\n`);
        await rt.cancelRun(runId);
        process.stdout.write(before.state === 'queued' ? `run ${runId} cancelled\n` : `cancel requested: run ${runId} stops at its next check\n`);
      }),
    );
}

function fieldsText(fields: Record<string, unknown>): string {
  const { component: _c, ...rest } = fields;
  return Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
}
