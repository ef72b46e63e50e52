import { describe, expect, it } from 'vitest';
import { loadProject, ModelError, renderTemplate, runProject, selectModels, SelectionError, type Executor, type Project } from './index';
import type { CheckResult } from '../quality/types';

const hdr = (cfg: Record<string, unknown>) => `/*---\n${JSON.stringify(cfg, null, 2)}\n---*/\n`;
const file = (path: string, cfg: Record<string, unknown>, sql: string) => ({ path, text: hdr(cfg) + sql });
const sources = { path: 'sources.json', text: JSON.stringify({ sources: { 'bronze.trades': { columns: { id: 'BIGINT' } } } }) };

function demo(): Project {
  return loadProject(
    [
      file('staging/stg_trades.sql', { materialized: 'view', tags: ['market'] }, "select * from source('bronze', 'trades')"),
      file('silver/trades.sql', { materialized: 'table', checks: [{ type: 'not_null', column: 'id' }] }, "select * from ref('stg_trades')"),
      file('gold/bars.sql', { materialized: 'table', tags: ['market'] }, "select * from ref('trades')"),
      file('gold/vol.sql', { materialized: 'table' }, "select * from ref('bars') join ref('trades') using (id)"),
      file('gold/other.sql', { materialized: 'view' }, "select 1 -- ref('bars') in a comment is ignored"),
    ],
    sources,
  );
}

describe('project loading', () => {
  it('builds a deterministic DAG from refs and sources', () => {
    const p = demo();
    expect(p.order).toEqual(['other', 'stg_trades', 'trades', 'bars', 'vol']);
    expect(p.models.get('vol')?.dependsOn).toEqual(['bars', 'trades']);
    expect(p.models.get('other')?.dependsOn).toEqual([]);
    expect(p.models.get('trades')?.checks[0]?.id).toBe('trades.not_null_id');
  });

  it('reports a missing ref at file:line with a suggestion', () => {
    const files = [
      file('silver/a.sql', { materialized: 'table' }, 'select 1'),
      file('gold/b.sql', { materialized: 'table' }, "select *\nfrom ref('aa')"),
    ];
    expect(() => loadProject(files)).toThrow(ModelError);
    expect(() => loadProject(files)).toThrow(/gold\/b\.sql:\d+: ref\('aa'\) names no model \(did you mean 'a'\?\)/);
    const err = (() => {
      try {
        loadProject(files);
      } catch (e) {
        return e as ModelError;
      }
    })();
    // header is 4 lines (open, json x1..., close); the ref is on the last line of the file
    expect(err?.line).toBe(files[1]!.text.split('\n').length);
  });

  it('reports cycles with the path and the referencing line', () => {
    const files = [
      file('silver/a.sql', { materialized: 'table' }, "select * from ref('c')"),
      file('silver/b.sql', { materialized: 'table' }, "select * from ref('a')"),
      file('silver/c.sql', { materialized: 'table' }, "select *\n from ref('b')"),
    ];
    expect(() => loadProject(files)).toThrow(/silver\/a\.sql:\d+: dependency cycle: a -> c -> b -> a/);
  });

  it('orders a model after the models its relationships checks read, without a lineage edge', () => {
    const p = loadProject([
      file('gold/fact.sql', { materialized: 'table', checks: [{ type: 'relationships', column: 'd', to: 'dim', field: 'd' }] }, 'select 1 as d'),
      file('gold/dim.sql', { materialized: 'table' }, 'select 1 as d'),
    ]);
    expect(p.order).toEqual(['dim', 'fact']);
    expect(p.models.get('fact')?.dependsOn).toEqual([]);
    expect(selectModels(p, 'dim+')).toEqual(['dim']);
  });

  it('rejects bad headers and undeclared sources with locations', () => {
    expect(() => loadProject([{ path: 'silver/x.sql', text: 'select 1' }])).toThrow(/silver\/x\.sql:1: a model must start/);
    expect(() => loadProject([{ path: 'silver/x.sql', text: '/*---\n{\n "materialized": "table",\n}\n---*/' }])).toThrow(/silver\/x\.sql:\d+: config header is not valid JSON/);
    expect(() => loadProject([file('silver/x.sql', { materialized: 'incremental' }, 'select 1')])).toThrow(/incremental models need/);
    expect(() => loadProject([file('silver/x.sql', { materialized: 'table' }, "select 1\nfrom source('bronze','nope')")])).toThrow(
      /silver\/x\.sql:\d+: source\('bronze', 'nope'\) is not declared/,
    );
    expect(() => loadProject([file('platinum/x.sql', { materialized: 'table' }, 'select 1')])).toThrow(/models live in/);
  });
});

describe('selection', () => {
  const p = demo();
  it('supports model, model+, +model, tag:x and unions', () => {
    expect(selectModels(p, 'trades')).toEqual(['trades']);
    expect(selectModels(p, 'trades+')).toEqual(['trades', 'bars', 'vol']);
    expect(selectModels(p, '+bars')).toEqual(['stg_trades', 'trades', 'bars']);
    expect(selectModels(p, 'tag:market')).toEqual(['stg_trades', 'bars']);
    expect(selectModels(p, 'other, +trades')).toEqual(['other', 'stg_trades', 'trades']);
    expect(selectModels(p, 'layer:gold')).toEqual(['other', 'bars', 'vol']);
    expect(selectModels(p)).toEqual(p.order);
    expect(() => selectModels(p, 'nope')).toThrow(SelectionError);
    expect(() => selectModels(p, 'tag:none')).toThrow(/no model has tag/);
  });
});

describe('templates', () => {
  it('renders refs, sources, this and incremental_since', () => {
    const body = "select * from ref('a') join source('bronze','t') where {{ incremental_since('ts') }} and x not in (select x from {{ this }})";
    const ctx = { relationOf: (m: string) => `silver.${m}`, self: 'gold.me' };
    expect(renderTemplate(body, ctx)).toBe('select * from silver.a join bronze.t where TRUE and x not in (select x from gold.me)');
    expect(renderTemplate(body, { ...ctx, cutoff: "TIMESTAMP '2020-01-01'" })).toContain("(ts >= TIMESTAMP '2020-01-01')");
  });
});

function fakeExecutor(failModel?: string, failCheck?: string): Executor & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    async materialize(model) {
      ran.push(model.name);
      if (model.name === failModel) throw new Error('Binder Error: column x not found');
      return { status: 'success', rows: 1 };
    },
    async check(model, bound): Promise<CheckResult> {
      const failed = bound.id === failCheck;
      return {
        id: bound.id,
        model: model.name,
        type: bound.check.type,
        severity: bound.check.severity,
        status: failed ? 'fail' : 'pass',
        failures: failed ? 3 : 0,
        observed: null,
        message: failed ? '3 failing rows' : 'ok',
        sql: '',
        durationMs: 0,
      };
    },
  };
}

describe('runProject', () => {
  it('build stops descendants of a failed error-level check and says why', async () => {
    const exec = fakeExecutor(undefined, 'trades.not_null_id');
    const out = await runProject(demo(), exec, { command: 'build' });
    expect(out.ok).toBe(false);
    expect(exec.ran).toEqual(['other', 'stg_trades', 'trades']);
    const bars = out.models.find((m) => m.model === 'bars');
    expect(bars?.status).toBe('skipped');
    expect(bars?.message).toBe('skipped: check trades.not_null_id on trades failed: 3 failing rows');
    expect(out.models.find((m) => m.model === 'vol')?.status).toBe('skipped');
  });

  it('a model error skips its descendants only', async () => {
    const exec = fakeExecutor('stg_trades');
    const out = await runProject(demo(), exec, { command: 'run' });
    expect(exec.ran).toEqual(['other', 'stg_trades']);
    expect(out.models.map((m) => m.status)).toEqual(['success', 'error', 'skipped', 'skipped', 'skipped']);
    expect(out.models[1]?.message).toMatch(/staging\/stg_trades\.sql: Binder Error/);
    expect(out.checks).toEqual([]);
  });

  it('test runs checks without materializing; warn-level failures keep the run ok', async () => {
    const exec = fakeExecutor();
    const out = await runProject(demo(), exec, { command: 'test', select: 'trades' });
    expect(exec.ran).toEqual([]);
    expect(out.checks.map((c) => c.id)).toEqual(['trades.not_null_id']);
    expect(out.ok).toBe(true);
  });
});
