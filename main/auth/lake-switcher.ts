/**
 * Switching lakes without a restart. Hosts give a factory that opens the engine over a lake URI
 * (lake + workstation service + whatever they host with it); this wrapper is the one service the
 * host serves, forwards every method to the current engine, and on connectLake opens the new
 * engine first (so a lake that cannot be opened leaves the current one in place), swaps, and
 * then closes the old one after its queued work.
 */
import { methodNames } from '../../api/workstation-api';
import type { WorkstationHandlers } from '../engine/api-dispatch';
import type { EventListener, WorkstationService } from '../engine/workstation-service';

export interface OpenedEngine {
  service: WorkstationService;
  close(): Promise<void>;
}

export type LakeKind = 'local' | 'team';

export interface LakeSwitcher {
  service: WorkstationService;
  current(): { uri: string; kind: LakeKind };
  switchTo(uri: string, kind: LakeKind): Promise<void>;
}

export const lakeKindOf = (uri: string): LakeKind => (/^(az|abfss?|https?):\/\//i.test(uri) ? 'team' : 'local');

export async function createLakeSwitcher(initialUri: string, open: (uri: string) => Promise<OpenedEngine>): Promise<LakeSwitcher> {
  let engine = await open(initialUri);
  let where = { uri: initialUri, kind: lakeKindOf(initialUri) };
  const listeners = new Set<EventListener>();
  let unsubscribe = engine.service.subscribe?.((e, p) => listeners.forEach((l) => l(e, p)));

  const handlers = Object.fromEntries(
    methodNames.map((m) => [m, (request: unknown) => (engine.service.handlers[m] as (r: unknown) => Promise<unknown>)(request)]),
  ) as unknown as WorkstationHandlers;

  const service: WorkstationService = {
    handlers,
    poll: () => engine.service.poll(),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      unsubscribe?.();
      await engine.close();
    },
  };

  return {
    service,
    current: () => where,
    switchTo: async (uri, kind) => {
      const next = await open(uri);
      const previous = engine;
      unsubscribe?.();
      engine = next;
      where = { uri, kind };
      unsubscribe = engine.service.subscribe?.((e, p) => listeners.forEach((l) => l(e, p)));
      await previous.close();
    },
  };
}
