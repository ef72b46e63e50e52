/**
 * The research part of the WorkstationApi handlers (api/research-api.ts): the sentiment
 * explorer, event study, forecast lab, model registry and SQL lab. Each view's queries live in
 * their own module beside this file; the statistics are pure functions in pipelines/research.
 * Without a lake context (a plain test host) every method answers with a clear error.
 */
import type { researchMethods } from '../../api/research-api';
import type { WorkstationHandlers } from '../engine/api-dispatch';
import type { ResearchContext } from './context';
import { explore, explorerSymbols } from './explorer';
import { decimateSeries } from './decimate';
import { eventStudy } from './event-study';
import { forecastCatalog, forecastCompare, forecastFan, forecastScores } from './forecast-lab';
import { registrySetAlias, registryState } from './registry';
import { sqlHistory, sqlRun, sqlSchema } from './sql-lab';
import { lakeFreshness } from './freshness';

export type ResearchMethodName = keyof typeof researchMethods;
export type ResearchHandlers = Pick<WorkstationHandlers, ResearchMethodName>;

const METHODS: ResearchMethodName[] = [
  'explorerSymbols', 'explore', 'decimateSeries', 'eventStudy', 'forecastCatalog', 'forecastFan', 'forecastScores',
  'forecastCompare', 'registryState', 'registrySetAlias', 'sqlRun', 'sqlHistory', 'sqlSchema', 'lakeFreshness',
];

export function createResearchHandlers(ctx?: ResearchContext): ResearchHandlers {
  if (!ctx) {
    const missing = {} as Record<ResearchMethodName, () => Promise<never>>;
    for (const m of METHODS) missing[m] = () => Promise.reject(new Error(`${m}: this host has no lake open (run \`fde demo\` or open a lake)`));
    return missing as unknown as ResearchHandlers;
  }
  // Every query runs on the service's one DuckDB connection, after the views are current.
  const q = <T>(work: () => Promise<T>): Promise<T> =>
    ctx.serial(async () => {
      await ctx.refresh();
      return work();
    });
  return {
    explorerSymbols: () => q(() => explorerSymbols(ctx)),
    explore: (r) => q(() => explore(ctx, r)),
    decimateSeries: (r) => q(() => decimateSeries(ctx, r)),
    eventStudy: (r) => q(() => eventStudy(ctx, r)),
    forecastCatalog: (r) => q(() => forecastCatalog(ctx, r)),
    forecastFan: (r) => q(() => forecastFan(ctx, r)),
    forecastScores: (r) => q(() => forecastScores(ctx, r)),
    forecastCompare: (r) => q(() => forecastCompare(ctx, r)),
    registryState: (r) => q(() => registryState(ctx, r)),
    registrySetAlias: (r) => q(() => registrySetAlias(ctx, r)),
    // The SQL lab runs on its own locked-down DuckDB instance per query (see sql-lab.ts).
    sqlRun: (r) => sqlRun(ctx, r),
    sqlHistory: (r) => sqlHistory(ctx, r),
    sqlSchema: () => q(() => sqlSchema(ctx)),
    lakeFreshness: () => q(() => lakeFreshness(ctx)),
  };
}
