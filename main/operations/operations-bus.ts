/**
 * The operations events (api/operations-api.ts) as one process-wide bus: the stream monitor
 * publishes here from inside the runtime's alpaca-stream task, and each host (the `fde ui`
 * bridge, Electron main) forwards what it receives to its renderers. Publishing is coalesced
 * per event name (last payload wins), so a stream at 100k messages/s still sends at most
 * `1000 / minGapMs` events a second.
 */
import type { z } from 'zod';
import type { operationsEvents } from '../../api/operations-api';

export type OpsEventName = keyof typeof operationsEvents;
export type OpsEvent<E extends OpsEventName> = z.infer<(typeof operationsEvents)[E]>;
export type OpsListener = <E extends OpsEventName>(name: E, payload: OpsEvent<E>) => void;

/** Smallest gap between two events of one name: streamStats 2/s, streamTicks 4/s. */
export const MIN_GAP_MS: Record<OpsEventName, number> = { streamStats: 500, streamTicks: 250 };

export class OperationsBus {
  private readonly listeners = new Set<OpsListener>();
  private readonly last = new Map<OpsEventName, number>();
  private readonly pending = new Map<OpsEventName, { payload: unknown; timer: NodeJS.Timeout }>();

  constructor(private readonly now: () => number = Date.now) {}

  subscribe(listener: OpsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get watched(): boolean {
    return this.listeners.size > 0;
  }

  /** Sends now if the name's gap has passed, else once at the end of the gap with the latest payload. */
  publish<E extends OpsEventName>(name: E, payload: OpsEvent<E>): void {
    const waiting = this.pending.get(name);
    if (waiting) {
      waiting.payload = payload;
      return;
    }
    const since = this.now() - (this.last.get(name) ?? -Infinity);
    if (since >= MIN_GAP_MS[name]) {
      this.send(name, payload);
      return;
    }
    const timer = setTimeout(() => {
      const p = this.pending.get(name);
      this.pending.delete(name);
      if (p) this.send(name, p.payload as OpsEvent<E>);
    }, MIN_GAP_MS[name] - since);
    timer.unref();
    this.pending.set(name, { payload, timer });
  }

  private send<E extends OpsEventName>(name: E, payload: OpsEvent<E>): void {
    this.last.set(name, this.now());
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // A closed socket's listener must not stop the stream.
      }
    }
  }
}

export const operationsBus = new OperationsBus();
