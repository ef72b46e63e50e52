/**
 * Promote / demote through the workstation API changes what `fde serve` answers, and the change
 * is recorded with who and when in the lake (on a private copy of the demo lake).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { dispatch } from '../main/engine/api-dispatch';
import { createWorkstationService, type WorkstationService } from '../main/engine/workstation-service';
import { openLake } from '../main/lake/index';
import { copyOfDemoLake } from './helpers/demo-lake';
import { runFde, startFde, stopChild } from './helpers/run-fde';

let lake: string;
let service: WorkstationService;
let serve: ChildProcess | undefined;
let url = '';
let token = '';

beforeAll(async () => {
  lake = await copyOfDemoLake();
  service = await createWorkstationService(await openLake(lake));
  const started = await startFde(['serve', '--lake', lake, '--port', '0'], /serving forecasts on (\S+)[\s\S]*token: (\S+)\n/);
  serve = started.child;
  url = started.match[1]!;
  token = started.match[2]!;
}, 900_000);

afterAll(async () => {
  if (serve) await stopChild(serve);
  await service?.close();
});

async function served(): Promise<{ status: number; model?: string; run_id?: string }> {
  const res = await fetch(`${url}/forecast?symbol=MSFT&horizon=1`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, ...((await res.json()) as { model?: string; run_id?: string }) };
}

function sql(query: string): Array<Record<string, unknown>> {
  const r = runFde(['sql', '--lake', lake, '--json', query]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('registry promote / demote', () => {
  it('changes the champion fde serve answers with, and logs who and when', async () => {
    const before = await served();
    expect(before.status).toBe(200);
    const [other] = sql(`SELECT run_id, model FROM meta.model_runs WHERE symbol = 'MSFT' AND horizon = 1 AND run_id <> '${before.run_id}' ORDER BY model LIMIT 1`) as [{ run_id: string; model: string }];

    const promoted = (await dispatch(service.handlers, 'registrySetAlias', { action: 'promote', runId: other.run_id, confirm: true })) as { event: { user: string; previousRunId: string } };
    expect(promoted.event.previousRunId).toBe(before.run_id);
    const after = await served();
    expect([after.status, after.model, after.run_id]).toEqual([200, other.model, other.run_id]);

    await dispatch(service.handlers, 'registrySetAlias', { action: 'demote', runId: other.run_id, confirm: true });
    expect((await served()).status).toBe(404);

    const log = sql(`SELECT action, "user", run_id, previous_run_id, epoch_ms("at") AS at_ms FROM meta.model_alias_events ORDER BY "at"`);
    expect(log.map((e) => e.action)).toEqual(['promote', 'demote']);
    expect(log[0]!.user).toBe(promoted.event.user);
    expect(log[0]!.previous_run_id).toBe(before.run_id);
    expect(Math.abs(Date.now() - Number(log[1]!.at_ms))).toBeLessThan(10 * 60_000);
  });
});
