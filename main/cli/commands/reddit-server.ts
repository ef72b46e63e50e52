import type { Command } from 'commander';
import { UsageError } from '../errors';
import { DEFAULT_SUBREDDITS, startRedditServer } from '../../servers/reddit/server';

function int(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function num(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${value}"`);
  return n;
}

function day(name: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

export function registerRedditServerCommand(program: Command): void {
  program
    .command('reddit-server')
    .description('run the offline Reddit-compatible API server (posts and comments on the market data dates)')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', (v) => int('port', v), 0)
    .option('--seed <n>', 'content seed: the same seed serves the same site', (v) => int('seed', v), 1)
    .option('--signal', 'make sentiment lead the real volatility of the market tape (see docs/reddit.md)', false)
    .option('--strength <s>', 'signal strength (with --signal)', (v) => num('strength', v), 1)
    .option('--lag <days>', 'trading days sentiment leads volatility by (with --signal)', (v) => int('lag', v), 1)
    .option('--from <date>', 'first simulated day', (v) => day('from', v), '2000-09-27')
    .option('--to <date>', 'last simulated day (default: last MSFT trading day)', (v) => day('to', v))
    .option('--subreddits <list>', 'comma list of subreddits to simulate', DEFAULT_SUBREDDITS.join(','))
    .option('--budget <n>', 'requests per 600 s window per client id (reddit.com: 1000)', (v) => int('budget', v), 1000)
    .option('--latency-ms <ms>', 'delay every API response (chaos testing)', (v) => int('latency-ms', v), 0)
    .addHelpText(
      'after',
      `\nExamples:\n  $ fde reddit-server --port 8081 --seed 7 --signal\n  $ fde backfill reddit --subreddits wallstreetbets,stocks --since 2001-06-01 --lake ./lake --base-url http://127.0.0.1:8081`,
    )
    .action(async (opts: { port: number; seed: number; signal: boolean; strength: number; lag: number; from: string; to?: string; subreddits: string; budget: number; latencyMs: number }) => {
      const server = await startRedditServer({
        port: opts.port, seed: opts.seed, signal: opts.signal, strength: opts.strength, lag: opts.lag, from: opts.from, to: opts.to,
        subreddits: opts.subreddits.split(',').map((s) => s.trim()).filter(Boolean), budget: opts.budget, latencyMs: opts.latencyMs,
      });
      process.stdout.write(
        `reddit-server listening on ${server.baseUrl} (seed ${opts.seed}, signal ${opts.signal ? `on, lag ${opts.lag}, strength ${opts.strength}` : 'off'}, ` +
          `${server.site.posts.length} posts, ${server.site.comments.length} comments)\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    });
}
