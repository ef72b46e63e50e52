/**
 * One scheduler per team: leader election on a lease row with a fencing term.
 *
 * Every candidate tries, every ttl/3, one statement that takes the lease when it is free or
 * expired (the term goes up by one) or renews it when it already holds it (same term). The
 * database clock decides expiry, so hosts' clocks do not matter. A leader that cannot renew
 * steps down on its own clock before the lease can expire; and because the store checks the
 * term inside every scheduler write (store.fence, see pg-store.ts), a deposed leader that has
 * not noticed yet (paused process, lost network) cannot queue a scheduled run or record a tick.
 * docs/team.md says why a lease row rather than a session advisory lock.
 */
import { sql } from 'kysely';
import type { PgRunStore } from './pg-store';

export interface LeaderState {
  leader: boolean;
  term: number;
}

export interface LeaseHolder {
  holder: string | null;
  term: number;
  expiresAt: string;
}

export interface LeaderElectionOptions {
  store: PgRunStore;
  /** Unique per process (the runtime's host id). */
  candidate: string;
  name?: string;
  ttlMs?: number;
  onChange?: (state: LeaderState) => void;
  onError?: (e: unknown) => void;
}

export class LeaderElection {
  readonly name: string;
  readonly ttlMs: number;
  private state: LeaderState = { leader: false, term: 0 };
  private validUntilLocal = 0;
  private timer: NodeJS.Timeout | undefined;
  private stepping: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly o: LeaderElectionOptions) {
    this.name = o.name ?? 'scheduler';
    this.ttlMs = o.ttlMs ?? 15_000;
  }

  /** Leader now, by this host's clock (the term check in the store is the hard guard). */
  get isLeader(): boolean {
    return this.state.leader && Date.now() < this.validUntilLocal;
  }

  get term(): number {
    return this.state.term;
  }

  start(): Promise<void> {
    this.stopped = false;
    const first = this.step();
    this.timer = setInterval(() => void this.step(), Math.max(50, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
    return first;
  }

  /** One acquire-or-renew attempt (serialised: never two at once). */
  step(): Promise<void> {
    this.stepping = this.stepping.then(() => this.tryOnce()).catch((e: unknown) => this.o.onError?.(e));
    return this.stepping;
  }

  private async tryOnce(): Promise<void> {
    if (this.stopped) return;
    const sentAt = Date.now();
    const t = sql.table(`${this.o.store.schema}.leases`);
    let term: number | undefined;
    try {
      const res = await sql<{ term: string }>`
        INSERT INTO ${t} (name, holder, term, expires_at, acquired_at)
        VALUES (${this.name}, ${this.o.candidate}, 1, clock_timestamp() + ${this.ttlMs} * interval '1 millisecond', clock_timestamp())
        ON CONFLICT (name) DO UPDATE SET
          term = CASE WHEN leases.holder = EXCLUDED.holder AND leases.expires_at > clock_timestamp() THEN leases.term ELSE leases.term + 1 END,
          acquired_at = CASE WHEN leases.holder = EXCLUDED.holder AND leases.expires_at > clock_timestamp() THEN leases.acquired_at ELSE clock_timestamp() END,
          holder = EXCLUDED.holder,
          expires_at = EXCLUDED.expires_at
        WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= clock_timestamp()
        RETURNING term`.execute(this.o.store.db);
      term = res.rows[0] ? Number(res.rows[0].term) : undefined;
    } catch (e) {
      // Cannot reach the database: keep leading only until our own view of the lease ends.
      if (this.state.leader && Date.now() >= this.validUntilLocal) this.set({ leader: false, term: this.state.term });
      throw e;
    }
    if (term !== undefined) {
      // Counted from before the statement was sent, so the local deadline is never later than the database's.
      this.validUntilLocal = sentAt + this.ttlMs - Math.min(1_000, this.ttlMs / 5);
      this.set({ leader: true, term });
    } else {
      this.set({ leader: false, term: this.state.term });
    }
  }

  private set(next: LeaderState): void {
    const changed = next.leader !== this.state.leader || next.term !== this.state.term;
    this.state = next;
    this.o.store.fence = next.leader ? { name: this.name, term: next.term } : undefined;
    if (changed) this.o.onChange?.(next);
  }

  /** Who holds the lease now (any host can show it). */
  async holder(): Promise<LeaseHolder | undefined> {
    const res = await sql<{ holder: string | null; term: string; expires_at: Date }>`
      SELECT holder, term, expires_at FROM ${sql.table(`${this.o.store.schema}.leases`)} WHERE name = ${this.name} AND expires_at > clock_timestamp()`.execute(this.o.store.db);
    const r = res.rows[0];
    return r ? { holder: r.holder, term: Number(r.term), expiresAt: new Date(r.expires_at).toISOString() } : undefined;
  }

  /** Stops campaigning; a leader hands the lease back at once so another host takes over without waiting. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.stepping;
    if (this.state.leader) {
      await sql`UPDATE ${sql.table(`${this.o.store.schema}.leases`)} SET expires_at = clock_timestamp() WHERE name = ${this.name} AND holder = ${this.o.candidate} AND term = ${this.state.term}`
        .execute(this.o.store.db).catch(() => undefined);
      this.set({ leader: false, term: this.state.term });
    }
  }
}
