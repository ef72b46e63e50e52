import { describe, expect, it } from 'vitest';
import type { WorkstationHandlers } from '../engine/api-dispatch';
import type { EventListener, WorkstationService } from '../engine/workstation-service';
import { createLakeSwitcher, lakeKindOf } from './lake-switcher';

/** A stand-in engine whose getLakeStatus names its lake and which records its close. */
function engine(uri: string, log: string[]) {
  const listeners = new Set<EventListener>();
  const service = {
    handlers: { getLakeStatus: async () => ({ uri, tables: 0, totalRecords: 0 }) } as unknown as WorkstationHandlers,
    poll: async () => undefined,
    subscribe: (l: EventListener) => (listeners.add(l), () => void listeners.delete(l)),
    close: async () => undefined,
  } satisfies WorkstationService;
  return { service, emit: () => listeners.forEach((l) => l('lakeChanged', { tables: [] })), close: async () => void log.push(`closed ${uri}`) };
}

describe('createLakeSwitcher', () => {
  it('forwards to the current engine, switches, closes the old one and keeps subscribers', async () => {
    const log: string[] = [];
    const engines = new Map<string, ReturnType<typeof engine>>();
    const switcher = await createLakeSwitcher('/tmp/a', async (uri) => {
      if (uri.includes('broken')) throw new Error('cannot open');
      const e = engine(uri, log);
      engines.set(uri, e);
      return e;
    });
    const events: string[] = [];
    switcher.service.subscribe?.((name) => events.push(name));
    expect((await switcher.service.handlers.getLakeStatus({})).uri).toBe('/tmp/a');

    await switcher.switchTo('https://acct.blob.core.windows.net/lake/team', 'team');
    expect((await switcher.service.handlers.getLakeStatus({})).uri).toBe('https://acct.blob.core.windows.net/lake/team');
    expect(log).toEqual(['closed /tmp/a']);
    engines.get('https://acct.blob.core.windows.net/lake/team')?.emit();
    engines.get('/tmp/a')?.emit(); // the old engine's events no longer reach the host
    expect(events).toEqual(['lakeChanged']);

    // A lake that cannot be opened leaves the current one in place.
    await expect(switcher.switchTo('/tmp/broken', 'local')).rejects.toThrow('cannot open');
    expect(switcher.current()).toEqual({ uri: 'https://acct.blob.core.windows.net/lake/team', kind: 'team' });
  });

  it('tells team lakes from local folders', () => {
    expect(lakeKindOf('az://lake/team')).toBe('team');
    expect(lakeKindOf('abfss://lake@acct.dfs.core.windows.net/x')).toBe('team');
    expect(lakeKindOf('./lake')).toBe('local');
  });
});
