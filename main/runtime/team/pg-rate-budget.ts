/**
 * The request budget shared by every host of a team: one token bucket per source in PostgreSQL.
 * Taking tokens is one UPDATE that refills the bucket by the database clock and subtracts only
 * when enough are there, so any number of workers on any number of machines together stay inside
 * one provider limit (a bucket of burst B refilled at r/s lets at most B + 60r through in any
 * minute, as the in-process budget in rate-budget.ts). A waiter sleeps until its tokens are due
 * (computed by the same statement), then tries again.
 */
import { sql } from 'kysely';
import type { SourceId } from '../../../pipelines/jobs/job-spec';
import type { RateBudget, SourceBudgets } from '../task-api';
import type { PgRunStore } from './pg-store';

export interface PgRateBudget extends RateBudget {
  /** Tokens this process was granted per source. */
  granted(source: SourceId): number;
  close(): void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function createPgRateBudget(store: PgRunStore, budgets: SourceBudgets): Promise<PgRateBudget> {
  const table = sql.table(`${store.schema}.rate_buckets`);
  // The settings of this build win: a changed budget takes effect when the next host starts.
  for (const [source, b] of Object.entries(budgets)) {
    await sql`INSERT INTO ${table} (source, tokens, per_second, burst) VALUES (${source}, ${b.burst}, ${b.perSecond}, ${b.burst})
      ON CONFLICT (source) DO UPDATE SET per_second = EXCLUDED.per_second, burst = EXCLUDED.burst, tokens = LEAST(rate_buckets.tokens, EXCLUDED.burst)`.execute(store.db);
  }
  const granted = new Map<SourceId, number>();
  let closed = false;
  const closer = new AbortController();
  return {
    async acquire(source, tokens = 1, signal) {
      const b = budgets[source];
      if (!(tokens > 0) || tokens > b.burst) throw new RangeError(`a request for ${tokens} tokens of ${source} cannot be met (burst ${b.burst})`);
      const wait = signal ? AbortSignal.any([signal, closer.signal]) : closer.signal;
      for (;;) {
        if (closed) throw new Error('the request budget was closed (host stopping)');
        if (wait.aborted) throw wait.reason;
        // Refill by elapsed database time, take when enough; either way report the wait for `tokens`.
        const res = await sql<{ ok: boolean; wait_ms: number }>`
          WITH cur AS (
            SELECT source, LEAST(burst, tokens + EXTRACT(EPOCH FROM clock_timestamp() - updated_at) * per_second) AS t, per_second
            FROM ${table} WHERE source = ${source} FOR UPDATE
          ), upd AS (
            UPDATE ${table} r SET tokens = cur.t - ${tokens}, updated_at = clock_timestamp(), granted = r.granted + ${tokens}
            FROM cur WHERE r.source = cur.source AND cur.t >= ${tokens} RETURNING r.source
          )
          SELECT EXISTS (SELECT 1 FROM upd) AS ok, GREATEST(1, CEIL((${tokens} - cur.t) / cur.per_second * 1000))::float8 AS wait_ms FROM cur`.execute(store.db);
        const row = res.rows[0];
        if (!row) throw new Error(`no request budget for source '${source}'`);
        if (row.ok) {
          granted.set(source, (granted.get(source) ?? 0) + tokens);
          return;
        }
        // Wait until due plus a little jitter, so waiters on many hosts do not retry in lockstep.
        await sleep(Math.min(5_000, Number(row.wait_ms)) + Math.random() * 20, wait);
      }
    },
    granted: (source) => granted.get(source) ?? 0,
    close() {
      closed = true;
      closer.abort(new Error('the request budget was closed (host stopping)'));
    },
  };
}
