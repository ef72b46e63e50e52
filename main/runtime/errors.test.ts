import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConcurrentModificationError, SchemaError } from '../lake/errors';
import { UsageError } from '../engine/errors';
import { startAlpacaServer, type AlpacaServer } from '../servers/alpaca/server';
import { startRedditServer, type RedditServer } from '../servers/reddit/server';
import { AlpacaRestClient } from '../sources/alpaca/rest-client';
import { backfillAlpaca } from '../sources/alpaca/backfill';
import { RedditClient } from '../sources/reddit/client';
import { SelectionError } from '../../pipelines/runner/index';
import { ScheduleError, validateSchedule } from '../../pipelines/schedules/index';
import { classifyError, TaskAbort } from './errors';

/** The error a promise rejects with (fails the test when it resolves). */
async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

let alpaca: AlpacaServer;
let reddit: RedditServer;
let closedPort: number;
beforeAll(async () => {
  alpaca = await startAlpacaServer({ seed: 3, symbols: ['MSFT'] });
  reddit = await startRedditServer({ port: 0, seed: 1, budget: 1_000_000 });
  // A port that was just free: connecting to it is refused.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  await alpaca.close();
  await reddit.close();
});

const alpacaBars = (client: AlpacaRestClient, timeframe = '1Day') =>
  (async () => {
    for await (const _ of client.pages({ kind: 'bars', symbols: ['MSFT'], start: '2000-10-02', end: '2000-10-06', timeframe })) void _;
  })();

describe('classifyError on errors the Alpaca client really throws', () => {
  it('injected 429 and 503 are retryable', async () => {
    alpaca.setFaults({ restFailRate: 1, restFailStatuses: [429, 503] });
    try {
      const client = new AlpacaRestClient({ baseUrl: alpaca.restUrl, key: 'k', secret: 's', maxRetries: 0 });
      const e429 = await thrown(alpacaBars(client));
      const e503 = await thrown(alpacaBars(client));
      expect(String(e429)).toMatch(/429/);
      expect(String(e503)).toMatch(/503/);
      expect(classifyError(e429)).toBe('retryable');
      expect(classifyError(e503)).toBe('retryable');
    } finally {
      alpaca.setFaults({ restFailRate: 0 });
    }
  });
  it('a 400 (bad timeframe) and a 401 (no key) are bad input', async () => {
    const client = new AlpacaRestClient({ baseUrl: alpaca.restUrl, key: 'k', secret: 's', maxRetries: 0 });
    const e400 = await thrown(alpacaBars(client, '7Fortnight'));
    expect(String(e400)).toMatch(/400/);
    expect(classifyError(e400)).toBe('bad_input');
    const noKey = new AlpacaRestClient({ baseUrl: alpaca.restUrl, key: '', secret: '', maxRetries: 0 });
    expect(classifyError(await thrown(alpacaBars(noKey)))).toBe('bad_input');
  });
  it('a refused connection is retryable (through the error cause chain)', async () => {
    const client = new AlpacaRestClient({ baseUrl: `http://127.0.0.1:${closedPort}`, key: 'k', secret: 's', maxRetries: 0 });
    const e = await thrown(alpacaBars(client));
    expect(String(e)).toMatch(/unreachable/);
    expect(classifyError(e)).toBe('retryable');
  });
  it('a usage error of the backfill is bad input', async () => {
    const e = await thrown(backfillAlpaca({ key: 'k', secret: 's', lake: undefined as never, symbols: ['MSFT'], start: '2000-12-11', end: '2000-12-01', what: 'trades' }));
    expect(e).toBeInstanceOf(UsageError);
    expect(classifyError(e)).toBe('bad_input');
  });
});

describe('classifyError on errors the Reddit client really throws', () => {
  const client = (baseUrl: string) => new RedditClient({ clientId: 'fde-offline', clientSecret: 'offline', baseUrl, maxAttempts: 1, sleep: async () => {} });
  it('an injected 503 and 429 are retryable', async () => {
    const c = client(reddit.baseUrl);
    await c.listing(['stocks'], 'new', { limit: 1 }); // token first, so the faults hit API calls
    reddit.injectFaults([503, 429]);
    expect(classifyError(await thrown(c.listing(['stocks'], 'new')))).toBe('retryable');
    expect(classifyError(await thrown(c.listing(['stocks'], 'new')))).toBe('retryable');
  });
  it('a network failure (no HTTP answer) is retryable', async () => {
    const e = await thrown(client(`http://127.0.0.1:${closedPort}`).listing(['stocks'], 'new'));
    expect(classifyError(e)).toBe('retryable');
  });
});

describe('classifyError on engine, lake and driver errors', () => {
  it('validation, selection, schema, schedule and usage errors are bad input', () => {
    const zodError = (() => {
      try {
        z.object({ select: z.string() }).strict().parse({ selct: 1 });
      } catch (e) {
        return e;
      }
    })();
    expect(classifyError(zodError)).toBe('bad_input');
    expect(classifyError(new SelectionError('no model matches gold.nope'))).toBe('bad_input');
    expect(classifyError(new SchemaError("column 'a' is integer in the table but long"))).toBe('bad_input');
    expect(classifyError((() => { try { validateSchedule({ cron: '99 * * * *', timezone: 'UTC' }); } catch (e) { return e; } })())).toBe('bad_input');
    expect(new ScheduleError('x').name).toBe('ScheduleError');
    expect(classifyError(new UsageError('--from after --to'))).toBe('bad_input');
  });
  it('a lake commit conflict that exhausted its retries is retryable; an unknown error is fatal', () => {
    expect(classifyError(new ConcurrentModificationError('version 7 already exists'))).toBe('retryable');
    expect(classifyError(new Error('undefined is not a function'))).toBe('fatal');
  });
  it('aborts are cancelled, the runtime timeout is retryable', async () => {
    expect(classifyError(await thrown(fetch(alpaca.restUrl, { signal: AbortSignal.abort() })))).toBe('cancelled');
    expect(classifyError(new TaskAbort('cancelled'))).toBe('cancelled');
    expect(classifyError(new TaskAbort('shutdown'))).toBe('cancelled');
    expect(classifyError(new TaskAbort('timeout'))).toBe('retryable');
  });
  it('PostgreSQL: a refused connection is retryable, a missing database is bad input', async (ctx) => {
    const refused = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${closedPort}/test` });
    expect(classifyError(await thrown(refused.connect()))).toBe('retryable');
    const missing = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/fde_no_such_database' });
    const e = await thrown(missing.connect());
    // The local PostgreSQL of the dev machines and CI (docs); without it only the first half can run.
    if ((e as { code?: string }).code === 'ECONNREFUSED') ctx.skip();
    expect((e as { code?: string }).code).toBe('3D000');
    expect(classifyError(e)).toBe('bad_input');
  });
});
