import type { Command } from 'commander';
import { UsageError } from '../../engine/errors';
import { numberOption, portOption, untilStopped } from '../options';

const count = (name: string) => numberOption(name, 0, Infinity, true);
import { DEFAULT_SUBREDDITS, startRedditServer } from '../../servers/reddit/server';

function day(name: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

export function registerRedditServerCommand(program: Command): void {
  program
    .command('reddit-server')
    .description('run the offline Reddit-compatible API server (posts and comments on the market data dates)')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', portOption, 0)
    .option('--seed <n>', 'content seed: the same seed serves the same site', count('seed'), 1)
    .option('--signal', 'make sentiment lead the real volatility of the market tape (see docs/reddit.md)', false)
    .option('--strength <s>', 'signal strength (with --signal)', numberOption('strength'), 1)
    .option('--lag <days>', 'trading days sentiment leads volatility by (with --signal)', count('lag'), 1)
    .option('--from <date>', 'first simulated day', (v) => day('from', v), '2000-09-27')
    .option('--to <date>', 'last simulated day (default: last MSFT trading day)', (v) => day('to', v))
    .option('--subreddits <list>', 'comma list of subreddits to simulate', DEFAULT_SUBREDDITS.join(','))
    .option('--budget <n>', 'requests per 600 s window per client id (reddit.com: 1000)', count('budget'), 1000)
    .option('--latency-ms <ms>', 'delay every API response (chaos testing)', count('latency-ms'), 0)
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
      await untilStopped();
      await server.close();
    });
}
