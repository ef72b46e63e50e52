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

/** Views older than this are re-checked against the lake before a research query. */
const REFRESH_EVERY_MS = 1_000;

export function createResearchHandlers(ctx?: ResearchContext): ResearchHandlers {
  if (!ctx) {
    const missing = {} as Record<ResearchMethodName, () => Promise<never>>;
    for (const m of METHODS) missing[m] = () => Promise.reject(new Error(`${m}: this host has no lake open (run \`fde demo\` or open a lake)`));
    return missing as unknown as ResearchHandlers;
  }
  // Every query runs on the service's one DuckDB connection, after the views are current. The
  // refresh lists every table's log (tens to hundreds of ms), so a burst of requests (a view's
  // first paint asks several) shares one refresh per second; the service's poll and the
  // registry's own writes refresh too, and lakeChanged tells views to refetch.
  let refreshedAt = 0;
  const q = <T>(work: () => Promise<T>): Promise<T> =>
    ctx.serial(async () => {
      if (Date.now() - refreshedAt >= REFRESH_EVERY_MS) {
        await ctx.refresh();
        refreshedAt = Date.now();
      }
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
