/**
 * The alpaca-stream task reports while it runs: every committed batch adds its rows to
 * fde_rows_ingested (source alpaca) and sets fde_stream_lag_seconds to the age of the batch's
 * newest trade at commit. Real stream (offline server), real lake, real OpenTelemetry SDK.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobByName } from '../../../pipelines/jobs/index';
import { openDuck } from '../../duck/duck';
import { openLake } from '../../lake/index';
import type { DeltaLake } from '../../lake/lake';
import { createLogger, silentSink } from '../../observability/logger';
import { resetRuntimeMetrics } from '../../observability/telemetry/metrics';
import { EnvSecretStore } from '../../secrets/secret-store';
import { TaskAbort } from '../errors';
import { createTokenBucketBudget } from '../rate-budget';
import { createSourcesProvider } from '../sources';
import type { SourcesProvider, TaskContext } from '../task-api';
import { taskRegistry } from './index';

class PullReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

let dir: string;
let lake: DeltaLake;
let sources: SourcesProvider;
let provider: MeterProvider;
const reader = new PullReader();
const budget = createTokenBucketBudget();
const log = createLogger('test', silentSink);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fde-stream-metrics-'));
  lake = await openLake(path.join(dir, 'lake'));
  sources = createSourcesProvider(lake, log, { store: new EnvSecretStore({}), env: {} });
  provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  resetRuntimeMetrics();
});
afterAll(async () => {
  await provider.shutdown();
  metrics.disable();
  resetRuntimeMetrics();
  await sources.close();
  budget.close();
  await lake.close();
  await rm(dir, { recursive: true, force: true });
});

async function sample(name: string, source: string): Promise<number | undefined> {
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const m of scope.metrics) {
      if (m.descriptor.name !== name) continue;
      const p = m.dataPoints.find((d) => d.attributes.source === source);
      if (p) return p.value as number;
    }
  }
  return undefined;
}

describe('alpaca-stream metrics', () => {
  it('a committed batch adds its rows and updates the stream lag gauge from its newest trade', async () => {
    const controller = new AbortController();
    const spec = jobByName('alpaca-stream')!;
    const ctx: TaskContext = {
      runId: 'r-metrics', attemptId: 'a1', attempt: 1, job: spec, taskId: 'ingest', lake, partition: { key: '' },
      params: spec.params!.parse({ symbols: 'MSFT,INTC' }) as Record<string, unknown>, signal: controller.signal, log,
      progress: { report: () => {} }, sources, budget, upstream: {},
    };
    expect(await sample('fde_stream_lag_seconds', 'alpaca')).toBeUndefined();
    const started = Date.now();
    const running = taskRegistry['alpaca.stream']!(ctx);
    const deadline = Date.now() + 60_000;
    let rows = 0;
    while (!(rows > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      rows = (await sample('fde_rows_ingested', 'alpaca')) ?? 0;
    }
    expect(rows).toBeGreaterThan(0);
    controller.abort(new TaskAbort('shutdown'));
    const result = await running;
    const collectedAt = Date.now();
    // Every committed row counted once, during the run (the final commit at stop included).
    expect(await sample('fde_rows_ingested', 'alpaca')).toBe(result.rowsWritten);
    // The gauge holds the last batch's lag: commit time minus that batch's newest trade time. The
    // newest trade in bronze is that trade, and the commit happened between start and now.
    const lag = await sample('fde_stream_lag_seconds', 'alpaca');
    const duck = await openDuck({ threads: 1 });
    try {
      await lake.attach(duck);
      const [row] = await duck.all<{ ms: number }>('SELECT (max(ts_ns) // 1000000)::DOUBLE AS ms FROM bronze.alpaca_trades');
      const newest = row!.ms;
      expect(lag).toBeDefined();
      expect(lag!).toBeGreaterThanOrEqual(Math.max(0, (started - newest) / 1000) - 0.001);
      expect(lag!).toBeLessThanOrEqual((collectedAt - newest) / 1000 + 0.001);
    } finally {
      duck.close();
    }
  }, 90_000);
});
