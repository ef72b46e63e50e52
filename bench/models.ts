/**
 * Benchmark: 10M trades for 500 symbols -> silver trades + 1-minute bars + daily facts.
 * Measures the model runner (parse, DAG, render, scratch-table materialization, writes) against
 * the same rendered SQL run directly in DuckDB (CREATE TABLE AS per model) in the same process.
 * Tables stay inside DuckDB for both (the runner's duck store), so the ratio is runner overhead;
 * `--lake` additionally times a lake-backed build (Parquet + Delta commits) of the same data.
 * Usage: npm run bench:models [-- --trades 10000000 --symbols 500 --days 5 --lake]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDuck, type Duck } from '../main/duck/duck';
import { createBronze } from '../main/models/fixtures';
import { prepareDuck, runModels } from '../main/models/build';
import { standInMissingSources } from '../main/models/executor';
import { readProject } from '../main/models/project-files';
import { renderTemplate, selectModels, type Project } from '../pipelines/runner/index';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const TRADES = arg('trades', 10_000_000);
const SYMBOLS = arg('symbols', 500);
const DAYS = arg('days', 5);
const ROUNDS = arg('rounds', 4);
const SELECT = '+fact_bars_1d +fact_realized_vol_daily';
const SESSION_MS = 6.5 * 3600 * 1000;

async function generate(duck: Duck): Promise<void> {
  await createBronze(duck, ['alpaca_trades']);
  const perDay = Math.floor(TRADES / DAYS);
  // Deterministic synthetic tape: a per-symbol random walk, trades spread over the session.
  await duck.run(`INSERT INTO bronze.alpaca_trades BY NAME
    SELECT
      'S' || lpad(CAST(i % ${SYMBOLS} AS VARCHAR), 4, '0') AS symbol,
      i AS trade_id,
      CASE i % 3 WHEN 0 THEN 'V' WHEN 1 THEN 'P' ELSE 'Q' END AS exchange,
      round(50 + (i % ${SYMBOLS}) * 0.37 + 5 * sin(i / 100000.0) + ((hash(i) % 1000) / 10000.0), 4) AS price,
      1 + hash(i * 7) % 500 AS size,
      '@' AS conditions, 'C' AS tape,
      TIMESTAMP '2024-03-04 14:30:00'
        + INTERVAL (CAST(i // ${perDay} AS INTEGER) + 2 * CAST(i // ${perDay} // 5 AS INTEGER)) DAY
        + to_milliseconds(CAST(((i % ${perDay}) * ${SESSION_MS}::DOUBLE / ${perDay}) AS BIGINT)) AS ts,
      TIMESTAMP '2024-03-04 21:00:00' AS received_at,
      'bench' AS batch_id
    FROM range(${TRADES}) t(i)`);
}

async function direct(duck: Duck, project: Project, names: string[]): Promise<number> {
  const t0 = performance.now();
  for (const name of names) {
    const m = project.models.get(name);
    if (!m) continue;
    const sql = renderTemplate(m.body, { relationOf: (x) => project.models.get(x)?.relation ?? x, self: m.relation });
    if (m.config.materialized === 'view') await duck.run(`CREATE OR REPLACE VIEW ${m.relation} AS ${sql}`);
    else await duck.run(`CREATE OR REPLACE TABLE ${m.relation} AS ${sql}`);
  }
  return performance.now() - t0;
}

async function dropModels(duck: Duck, project: Project, names: string[]): Promise<void> {
  for (const name of names) {
    const m = project.models.get(name);
    if (m && m.config.materialized !== 'view') await duck.run(`DROP TABLE IF EXISTS ${m.relation}`);
  }
}

async function main(): Promise<void> {
  const duck = await openDuck({ threads: 2 });
  await prepareDuck(duck);
  const tg = performance.now();
  await generate(duck);
  const generateMs = performance.now() - tg;
  const project = await readProject();
  const names = selectModels(project, SELECT);
  await standInMissingSources(duck, project);
  const directMs: number[] = [];
  const runnerMs: number[] = [];
  let rows: Record<string, number> = {};
  const runRunner = async () => {
    await dropModels(duck, project, names);
    const t0 = performance.now();
    const report = await runModels({ duck, project, select: SELECT, fullRefresh: true, artifacts: false });
    runnerMs.push(performance.now() - t0);
    if (!report.ok) throw new Error(`runner failed: ${JSON.stringify(report.models.filter((m) => m.status !== 'success'))}`);
    rows = Object.fromEntries(report.models.filter((m) => m.materialized !== 'view').map((m) => [m.relation, m.rows]));
  };
  const runDirect = async () => {
    await dropModels(duck, project, names);
    directMs.push(await direct(duck, project, names));
  };
  // Alternate the order each round so neither side always runs on a warmer cache.
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      await runDirect();
      await runRunner();
    } else {
      await runRunner();
      await runDirect();
    }
  }
  let lake: { buildMs: number } | undefined;
  if (args.includes('--lake')) {
    const { openLake } = await import('../main/lake/index');
    const { copyToLake } = await import('../main/models/lake-fixtures');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fde-bench-models-'));
    try {
      const l = await openLake(dir);
      await copyToLake(l, duck, 'bronze.alpaca_trades', { appId: 'bench', version: 1 });
      const ld = await openDuck({ threads: 2 });
      const t0 = performance.now();
      const report = await runModels({ lake: l, duck: ld, select: SELECT, fullRefresh: true, artifacts: false });
      lake = { buildMs: Math.round(performance.now() - t0) };
      if (!report.ok) throw new Error('lake build failed');
      ld.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  duck.close();
  const best = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  };
  const out = {
    benchmark: 'models',
    trades: TRADES,
    symbols: SYMBOLS,
    days: DAYS,
    threads: 2,
    models: names,
    rows,
    generate_ms: Math.round(generateMs),
    direct_duckdb_ms: directMs.map(Math.round),
    runner_ms: runnerMs.map(Math.round),
    best_direct_ms: Math.round(best(directMs)),
    best_runner_ms: Math.round(best(runnerMs)),
    ratio_runner_vs_direct: Number((best(runnerMs) / best(directMs)).toFixed(3)),
    median_direct_ms: Math.round(median(directMs)),
    median_runner_ms: Math.round(median(runnerMs)),
    ratio_of_medians: Number((median(runnerMs) / median(directMs)).toFixed(3)),
    load_average_1m: Number(os.loadavg()[0]?.toFixed(2)),
    target: { ratio_max: 1.5, runner_ms_max: 5000 },
    pass: best(runnerMs) / best(directMs) <= 1.5 && best(runnerMs) < 5000,
    ...(lake ? { lake_backed_build_ms: lake.buildMs } : {}),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

await main();
