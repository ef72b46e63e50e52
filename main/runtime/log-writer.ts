/**
 * Per-attempt structured logs. Decision: log lines are rows of the run store's `logs` table
 * (one JSON object per line in `fields`), not JSON-lines files under _runtime/logs/: the store
 * is already shared safely by every process, a tail is an indexed range scan on (run_id, seq)
 * with the seq as cursor, the level filter is a column, lines commit with the same durability as
 * the run they belong to, an Azure lake needs no second local folder, and the PostgreSQL store
 * gets logs for free. `fde jobs logs RUN --json` prints them as JSON lines. Lines are buffered
 * and written in one transaction every flushMs so a chatty task costs one commit per batch.
 */
import { createLogger, type Logger, type LogRecord } from '../observability/logger';
import type { EventBus } from './event-bus';
import type { NewLogLine, RunStore } from './store/run-store';
import { LEVEL_NUMBERS } from './store/rows';

export class LogWriter {
  private buffer: NewLogLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RunStore,
    private readonly bus: EventBus,
    private readonly flushMs = 250,
    private readonly echo?: (line: NewLogLine) => void,
  ) {}

  logger(scope: { runId: string; taskId: string | null; attempt: number | null; component: string }, minLevel: 'debug' | 'info' = 'debug'): Logger {
    return createLogger(scope.component, (r) => this.add(scope, r), minLevel);
  }

  private add(scope: { runId: string; taskId: string | null; attempt: number | null }, r: LogRecord): void {
    const { time, level, msg, component, ...fields } = r;
    const line: NewLogLine = { runId: scope.runId, taskId: scope.taskId, attempt: scope.attempt, time, level: LEVEL_NUMBERS[level], msg, fields: { component, ...fields } };
    this.buffer.push(line);
    this.echo?.(line);
    if (this.buffer.length >= 500) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        const lines = await this.store.appendLogs(batch);
        const byRun = new Map<string, typeof lines>();
        for (const l of lines) byRun.set(l.runId, [...(byRun.get(l.runId) ?? []), l]);
        for (const [runId, runLines] of byRun) this.bus.emit('logAppended', { runId, lines: runLines });
      } catch {
        // A closed store at shutdown: the lines are lost, the run's state is not.
      }
    });
    return this.flushing;
  }
}
