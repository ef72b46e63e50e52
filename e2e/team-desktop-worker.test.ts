/**
 * A desktop on a team lake takes team work only when opted in. `fde ui` (the browser host) on a
 * team lake registers as a host but leaves a queued partition run alone; `fde ui --worker
 * --concurrency 1` takes it from the team queue and runs it to success. The machine's
 * PostgreSQL, a fresh schema for this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runFde } from './helpers/run-fde';
import { spawnFde, stop, teamTestFile } from './team-support';
import { PgRunStore } from '../main/runtime/team/pg-store';

const { dir, schema, cleanups, postgres } = teamTestFile('desktop');
const lake = path.join(dir, 'lake');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('desktop opt-in as a team worker', () => {
  it('fde ui leaves queued runs to workers; fde ui --worker takes one and runs it', async () => {
    const server = await postgres();
    // The test is about the runtime the UI host runs, not the UI: any page serves.
    const renderer = path.join(dir, 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>fde</title>');
    const env = { FDE_TEAM_DB: server.url, FDE_TEAM_SCHEMA: schema, FDE_RENDERER_DIR: renderer, APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' };

    const refused = runFde(['ui', '--lake', lake, '--worker', '--no-scheduler'], { env, timeoutMs: 60_000 });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--no-scheduler makes this process a viewer/);

    const viewer = spawnFde(['ui', '--lake', lake, '--port', '0'], env);
    cleanups.push(() => stop(viewer, 'SIGKILL'));
    const desktopHost = (await viewer.waitFor(/team mode: desktop takes no partition runs .*host (\S+)/))[1]!;

    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    cleanups.push(() => pool.end());
    const store = await PgRunStore.open({ pool, schema, location: 'test', ownsPool: false });
    expect((await store.listHosts()).map((h) => h.hostId)).toContain(desktopHost);

    // In team mode `fde jobs run` queues and waits for a worker to finish the run.
    const queued = spawnFde(['jobs', 'run', 'compact', '--lake', lake, '--json'], env);
    cleanups.push(() => stop(queued, 'SIGKILL'));
    let runId: string | undefined;
    for (let i = 0; i < 300 && !runId; i++) {
      runId = (await store.listRuns({ job: 'compact' }))[0]?.runId;
      if (!runId) await sleep(100);
    }
    expect(runId, 'fde jobs run queued nothing').toBeDefined();
    // The desktop heartbeats meanwhile (every 2 s) but takes nothing: the run waits in the queue.
    await sleep(4_000);
    const waiting = (await store.getRun(runId!))!;
    expect(waiting.state).toBe('queued');
    expect(waiting.host).toBeNull();

    const worker = spawnFde(['ui', '--lake', lake, '--port', '0', '--worker', '--concurrency', '1'], env);
    cleanups.push(() => stop(worker, 'SIGKILL'));
    const workerHost = (await worker.waitFor(/team mode: desktop worker, concurrency 1, queue \S+, host (\S+)/))[1]!;
    expect(await queued.exited).toBe(0);
    const done = (await store.getRun(runId!))!;
    expect(done.state).toBe('succeeded');
    expect(done.host).toBe(workerHost);
    expect((await store.listHosts()).map((h) => h.hostId)).toEqual(expect.arrayContaining([desktopHost, workerHost]));
  }, 120_000);
});
