/**
 * The planted-signal check on the real pipeline (not a unit test: it takes a few minutes):
 * `fde demo` (real market tape -> gold) once, then for each case a fresh copy of that lake gets
 * Reddit data from `fde reddit-server` (with --signal at a given strength, or without as the
 * control) through `fde backfill reddit` and `fde build`; then MSFT is backtested on the period
 * with sentiment (--since 2000-09-27) and the sentiment-augmented Prophet-style model is compared
 * with the same model without sentiment and with HAR (Diebold-Mariano on QLIKE). Prints JSON.
 *   npm run bench:forecast-signal
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runForecastBacktest } from '../main/forecast/run-backtest';
import { dieboldMariano, losses, qlikeFloor } from '../workers/models/metrics';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FDE = join(ROOT, 'bin/fde.mjs');
const CASES = [
  { name: 'signal strength 3', flags: ['--signal', '--strength', '3'] },
  { name: 'signal strength 1', flags: ['--signal'] },
  { name: 'control (no signal)', flags: [] },
];

function fde(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FDE, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fde ${args[0]} exited ${code}: ${err.slice(-500)}`))));
  });
}

async function withRedditServer<T>(flags: string[], fn: (url: string) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [FDE, 'reddit-server', '--port', '0', '--seed', '7', ...flags], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (m) resolve(m[1]!);
      });
      child.on('close', (code) => reject(new Error(`reddit-server exited ${code}: ${text}`)));
    });
    return await fn(url);
  } finally {
    child.kill('SIGTERM');
  }
}

const work = await mkdtemp(join(tmpdir(), 'fde-forecast-signal-'));
try {
  const base = join(work, 'base');
  await fde(['demo', '--lake', base, '--json']);
  const results = [];
  for (const c of CASES) {
    const lake = join(work, c.name.replace(/\W+/g, '-'));
    await cp(base, lake, { recursive: true });
    await withRedditServer(c.flags, (url) =>
      fde(['backfill', 'reddit', '--subreddits', 'wallstreetbets,stocks,investing,StockMarket,options', '--since', '2000-09-27', '--lake', lake, '--base-url', url], {
        ...process.env, REDDIT_CLIENT_ID: 'offline', REDDIT_CLIENT_SECRET: 'offline',
      }),
    );
    await fde(['build', '--lake', lake, '--full-refresh']);
    const out = await runForecastBacktest({ lake, symbol: 'MSFT', since: '2000-09-27', horizons: [1, 5], refitEvery: 22, models: ['har', 'prophet', 'prophet-nosent'] });
    const rows = [1, 5].map((h) => {
      const get = (m: string) => out.backtest.results.find((r) => r.model === m)!.horizons.find((x) => x.horizon === h)!;
      const floor = qlikeFloor(get('har').actual);
      const loss = (m: string) => losses(get(m).actual, get(m).forecast, floor).qlike;
      const score = (m: string) => out.backtest.evaluation.scores.find((s) => s.name === m && s.horizon === h)!;
      return {
        horizon: h,
        n: get('har').origins.length,
        qlike: { har: score('har').qlike, prophet: score('prophet').qlike, prophet_nosent: score('prophet-nosent').qlike },
        dm_sentiment_vs_nosentiment: dieboldMariano(loss('prophet'), loss('prophet-nosent'), h),
        dm_sentiment_vs_har: score('prophet').dm_vs_har,
      };
    });
    results.push({ case: c.name, server_flags: c.flags.join(' '), uses_sentiment: out.backtest.results.find((r) => r.model === 'prophet')!.final.params.useSentiment, horizons: rows });
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'forecast planted signal (real pipeline)', symbol: 'MSFT', since: '2000-09-27', results }, null, 2)}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
