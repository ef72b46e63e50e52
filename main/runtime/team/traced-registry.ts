/**
 * Wraps every task implementation in a span (child of the run's span, so a run's trace holds its
 * tasks on whichever host ran them) and records task metrics: duration, failures, retries and,
 * for jobs that read a source, rows ingested per source.
 */
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { classifyError } from '../errors';
import type { TaskImplementation, TaskRegistry } from '../task-api';
import { runtimeMetrics } from '../../observability/telemetry/metrics';

export function tracedRegistry(registry: TaskRegistry): TaskRegistry {
  const tracer = trace.getTracer('fde.runtime');
  const wrap = (impl: TaskImplementation): TaskImplementation => (ctx) =>
    tracer.startActiveSpan(`task ${ctx.job.name}.${ctx.taskId}`, {
      attributes: { 'fde.run_id': ctx.runId, 'fde.job': ctx.job.name, 'fde.task': ctx.taskId, 'fde.attempt': ctx.attempt, 'fde.partition': ctx.partition.key },
    }, async (span) => {
      const m = runtimeMetrics();
      const started = Date.now();
      if (ctx.attempt > 1) m.taskRetried(ctx.job.name, ctx.taskId);
      try {
        const result = await impl(ctx);
        // Service tasks (the live stream) count their rows per committed batch themselves.
        if (ctx.job.kind !== 'service') for (const source of ctx.job.sources) m.rowsIngested(source, result.rowsWritten);
        span.setAttribute('fde.rows_written', result.rowsWritten);
        m.taskFinished(ctx.job.name, ctx.taskId, 'succeeded', (Date.now() - started) / 1000, null);
        return result;
      } catch (e) {
        const cls = ctx.signal.aborted ? 'cancelled' : classifyError(e);
        m.taskFinished(ctx.job.name, ctx.taskId, cls === 'cancelled' ? 'cancelled' : 'failed', (Date.now() - started) / 1000, cls);
        span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
        throw e;
      } finally {
        span.end();
      }
    });
  return Object.fromEntries(Object.entries(registry).map(([k, impl]) => [k, wrap(impl)]));
}
