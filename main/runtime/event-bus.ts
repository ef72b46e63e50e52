/**
 * The runtime's in-process event bus: run, task, partition, log and backfill events, typed by
 * the API contract so hosts forward them unchanged (IPC, WebSocket, CLI progress bars).
 * Noisy events are coalesced: task progress at most every `throttleMs` per attempt (last one
 * wins, the final state always goes out), log lines in batches.
 */
import type { z } from 'zod';
import type { jobsEvents } from '../../api/jobs-api';

export type RuntimeEventName = keyof typeof jobsEvents;
export type RuntimeEvent<E extends RuntimeEventName> = z.infer<(typeof jobsEvents)[E]>;
export type AnyListener = <E extends RuntimeEventName>(name: E, payload: RuntimeEvent<E>) => void;

export class EventBus {
  private readonly listeners = new Set<AnyListener>();
  private readonly pending = new Map<string, { name: RuntimeEventName; payload: unknown; timer: NodeJS.Timeout }>();
  private readonly lastSent = new Map<string, number>();

  constructor(private readonly throttleMs = 100) {}

  /** Every event; returns the unsubscribe function. */
  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether anyone listens (publishing reads the store; nobody listening, nothing to read). */
  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  on<E extends RuntimeEventName>(name: E, listener: (payload: RuntimeEvent<E>) => void): () => void {
    const wrapped: AnyListener = (n: RuntimeEventName, p: unknown) => {
      if (n === name) listener(p as RuntimeEvent<E>);
    };
    return this.subscribe(wrapped);
  }

  emit<E extends RuntimeEventName>(name: E, payload: RuntimeEvent<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // A broken listener (a closed socket) must not stop the runtime.
      }
    }
  }

  /** Emits at most once per throttle window per key; the latest payload of a window is sent at its end. */
  emitThrottled<E extends RuntimeEventName>(key: string, name: E, payload: RuntimeEvent<E>, now = Date.now()): void {
    const last = this.lastSent.get(key) ?? 0;
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.payload = payload;
      return;
    }
    if (now - last >= this.throttleMs) {
      this.lastSent.set(key, now);
      this.emit(name, payload);
      return;
    }
    const timer = setTimeout(() => {
      const p = this.pending.get(key);
      this.pending.delete(key);
      this.lastSent.set(key, Date.now());
      if (p) this.emit(p.name as E, p.payload as RuntimeEvent<E>);
    }, this.throttleMs - (now - last));
    timer.unref();
    this.pending.set(key, { name, payload, timer });
  }

  /** Drops a throttled key's pending payload (its final state is emitted directly). */
  settle(key: string): void {
    const p = this.pending.get(key);
    if (p) clearTimeout(p.timer);
    this.pending.delete(key);
    this.lastSent.delete(key);
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.listeners.clear();
  }
}
