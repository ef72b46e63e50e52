/**
 * Test helpers for the runtime's unit tests: a fake clock (sleeps advance time at once and are
 * recorded), a runtime over a real temporary lake and run store, and a sources provider that
 * refuses use (the tasks under test call no external source).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLake } from '../lake/index';
import type { DeltaLake } from '../lake/lake';
import { defineJob, type JobSpecInput } from '../../pipelines/jobs/job-spec';
import type { Clock } from './clock';
import { Runtime, type RuntimeOptions } from './runtime';
import type { SourcesProvider, TaskRegistry } from './task-api';

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public ms = Date.parse('2026-03-02T15:00:00Z')) {}
  now(): number {
    return this.ms;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.sleeps.push(ms);
    this.ms += ms;
    // Yield so an abort raised meanwhile is seen, but never wait for real.
    return new Promise((resolve, reject) => setImmediate(() => (signal?.aborted ? reject(signal.reason) : resolve())));
  }
}

export const noSources: SourcesProvider = {
  alpaca: () => Promise.reject(new Error('no sources in this test')),
  reddit: () => Promise.reject(new Error('no sources in this test')),
  postgres: () => Promise.reject(new Error('no sources in this test')),
  close: async () => {},
};

export const unlimited = { acquire: async () => {} };

export async function tempLake(): Promise<{ lake: DeltaLake; dir: string; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-runtime-'));
  const lake = await openLake(dir);
  return { lake, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function job(input: Partial<JobSpecInput> & { tasks: JobSpecInput['tasks'] }) {
  return defineJob({ name: 'test-job', description: 'a test job', ...input });
}

export function testRuntime(lake: DeltaLake, jobs: RuntimeOptions['jobs'], registry: TaskRegistry, extra: Partial<RuntimeOptions> = {}): Runtime {
  return new Runtime({ lake, jobs, registry, budget: unlimited, sources: noSources, role: 'cli', pollMs: 10, random: () => 0.5, ...extra });
}
