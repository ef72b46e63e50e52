import { describe, expect, it } from 'vitest';
import { validateSchedule } from '../schedules/index';
import { defineJob, JobSpec } from './job-spec';
import { jobByName, jobs } from './index';

const REQUIRED = ['alpaca-stream', 'alpaca-backfill', 'reddit-backfill', 'daily-bars', 'build-models', 'checks', 'train-forecasts', 'publish', 'compact'];

/** Job-level edges: A -> B when B reads a table A produces (a job reading its own output is no edge). */
function assetEdges(): Map<string, Set<string>> {
  const producers = new Map<string, string[]>();
  for (const j of jobs) for (const a of j.assets.produces) producers.set(a, [...(producers.get(a) ?? []), j.name]);
  const edges = new Map<string, Set<string>>(jobs.map((j) => [j.name, new Set<string>()]));
  for (const j of jobs) for (const a of j.assets.reads) for (const p of producers.get(a) ?? []) if (p !== j.name) edges.get(p)!.add(j.name);
  return edges;
}

function hasCycle(edges: Map<string, Set<string>>): boolean {
  const state = new Map<string, 1 | 2>();
  const visit = (n: string): boolean => {
    if (state.get(n) === 2) return false;
    if (state.get(n) === 1) return true;
    state.set(n, 1);
    for (const m of edges.get(n) ?? []) if (visit(m)) return true;
    state.set(n, 2);
    return false;
  };
  return [...edges.keys()].some(visit);
}

describe('job definitions', () => {
  it('holds every required job once, each valid against the JobSpec schema', () => {
    expect(jobs.map((j) => j.name).sort()).toEqual([...REQUIRED].sort());
    expect(new Set(jobs.map((j) => j.name)).size).toBe(jobs.length);
    for (const j of jobs) {
      // Parsing the parsed output again must succeed: the stored definition is a valid input.
      expect(JobSpec.safeParse(j).success, j.name).toBe(true);
      expect(new Set(j.tasks.map((t) => t.id)).size, j.name).toBe(j.tasks.length);
    }
  });
  it('every schedule evaluates (cron pattern and zone, or the NYSE calendar)', () => {
    for (const j of jobs) if (j.schedule) expect(() => validateSchedule(j.schedule!), j.name).not.toThrow();
    expect(jobByName('reddit-backfill')!.schedule).toEqual({ cron: '15 * * * *', timezone: 'America/New_York' });
    expect(jobByName('build-models')!.schedule).toMatchObject({ market: 'NYSE', at: 'after-close' });
  });
  it('the jobs form an acyclic graph through their assets; new bronze makes build-models stale, gold makes forecasts stale', () => {
    const edges = assetEdges();
    expect(hasCycle(edges)).toBe(false);
    expect([...edges.get('alpaca-backfill')!]).toContain('build-models');
    expect([...edges.get('daily-bars')!]).toContain('build-models');
    expect([...edges.get('build-models')!].sort()).toEqual(['checks', 'publish', 'train-forecasts']);
    expect([...edges.get('train-forecasts')!]).toEqual(['publish']);
  });
  it('the cycle check is real: a job pair reading each other fails it', () => {
    const edges = assetEdges();
    edges.get('publish')!.add('build-models');
    expect(hasCycle(edges)).toBe(true);
  });
  it('params schemas: build-models takes a selector, rejects unknown keys', () => {
    const params = jobByName('build-models')!.params!;
    expect(params.parse({ select: 'gold.*' })).toEqual({ select: 'gold.*' });
    expect(params.safeParse({ selct: 'x' }).success).toBe(false);
  });
  it('params given as CLI strings (--param key=value) parse to lists, flags and numbers', () => {
    expect(jobByName('train-forecasts')!.params!.parse({ symbols: 'MSFT,INTC' })).toEqual({ symbols: ['MSFT', 'INTC'] });
    expect(jobByName('train-forecasts')!.params!.safeParse({ symbols: 'msft' }).success).toBe(false);
    expect(jobByName('publish')!.params!.parse({ tables: 'fact_bars_1d', force: 'true' })).toEqual({ tables: ['fact_bars_1d'], force: true });
    expect(jobByName('compact')!.params!.parse({ retentionHours: '200' })).toEqual({ retentionHours: 200 });
    expect(jobByName('compact')!.params!.safeParse({ retentionHours: '24' }).success).toBe(false);
    expect(jobByName('alpaca-stream')!.params!.parse({})).toEqual({ symbols: ['MSFT', 'INTC', 'IBM', 'GE', 'KO'] });
    expect(jobByName('reddit-backfill')!.params!.parse({ subreddits: 'stocks,investing' })).toEqual({ subreddits: ['stocks', 'investing'] });
  });
  it('partitions: alpaca-backfill is symbol x day, reddit-backfill trading day, the stream a service', () => {
    expect(jobByName('alpaca-backfill')!.partitions).toEqual({ kind: 'symbol-day', defaultSymbols: ['MSFT', 'INTC', 'IBM', 'GE', 'KO'] });
    expect(jobByName('reddit-backfill')!.partitions.kind).toBe('trading-day');
    expect(jobByName('alpaca-stream')!.kind).toBe('service');
  });
  it('a broken definition is refused with its issues', () => {
    expect(() =>
      defineJob({ name: 'bad', description: 'x', tasks: [{ id: 'a', run: 'x.a', dependsOn: ['b'] }, { id: 'b', run: 'x.b', dependsOn: ['a'] }] }),
    ).toThrow(/cycle/);
    expect(() => defineJob({ name: 'Bad Name', description: 'x', tasks: [{ id: 'a', run: 'x.a' }] })).toThrow(/kebab-case/);
  });
});
