import type { Command } from 'commander';
import { UsageError } from '../../engine/errors';
import { createProgress } from '../progress';
import { backfillReddit } from '../../sources/reddit/backfill';
import { backfillParent } from './backfill';

/** `fde backfill reddit`: a subcommand of the shared `backfill` parent (backfill.ts). */
export function registerBackfillRedditCommand(program: Command): void {
  backfillParent(program)
    .command('reddit')
    .description('backfill Reddit posts, comments and ticker mentions into bronze')
    .requiredOption('--subreddits <list>', 'comma list, e.g. wallstreetbets,stocks,investing')
    .requiredOption('--since <date>', 'oldest creation date to keep (YYYY-MM-DD or ISO time)')
    .option('--until <date>', 'newest creation date to keep')
    .requiredOption('--lake <dir>', 'lake folder or URL')
    .option('--base-url <url>', 'API base URL (an `fde reddit-server`); real Reddit when omitted')
    .option('--comment-trees', 'also fetch every post\'s comment tree (one request per post)', false)
    .option('--combined', 'page one a+b+c listing instead of one per subreddit', false)
    .option('--incremental', 'start from the newest stored item minus an overlap window', false)
    .addHelpText(
      'after',
      `\nCredentials: REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET or the keychain (fde secrets set reddit.client_id).\n` +
        `Examples:\n  $ fde backfill reddit --subreddits wallstreetbets,stocks,investing --since 2001-01-01 --lake ./lake --base-url http://127.0.0.1:8081`,
    )
    .action(async (opts: { subreddits: string; since: string; until?: string; lake: string; baseUrl?: string; commentTrees: boolean; combined: boolean; incremental: boolean }) => {
      const subreddits = opts.subreddits.split(',').map((s) => s.trim()).filter(Boolean);
      if (subreddits.length === 0 || subreddits.some((s) => !/^[A-Za-z0-9_]{2,32}$/.test(s))) {
        throw new UsageError(`--subreddits must be a comma list of subreddit names, got "${opts.subreddits}"`);
      }
      for (const [name, value] of [['since', opts.since], ['until', opts.until]] as const) {
        if (value !== undefined && Number.isNaN(Date.parse(value))) throw new UsageError(`--${name} must be a date, got "${value}"`);
      }
      if (opts.baseUrl !== undefined && !/^https?:\/\//.test(opts.baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, got "${opts.baseUrl}"`);
      const progress = createProgress();
      let lastListing = '';
      const report = await backfillReddit({
        baseUrl: opts.baseUrl, lake: opts.lake, subreddits, since: opts.since, until: opts.until,
        commentTrees: opts.commentTrees, combined: opts.combined, incremental: opts.incremental,
        onProgress: (p) => {
          if (p.listing && p.listing !== lastListing && p.phase !== 'comment-trees') {
            lastListing = p.listing;
            progress.step(`${p.phase}: ${p.listing} (${p.items} items, ${p.written} written)`);
          }
        },
        client: { onWait: (ms, why) => { if (ms > 2000) progress.step(`waiting ${(ms / 1000).toFixed(1)} s (${why})`); } },
      });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      for (const gap of report.gaps) {
        process.stderr.write(`gap: ${gap.listing} stops at ${gap.to} (1000-item cap); ${gap.from}..${gap.to} needs a dump backfill\n`);
      }
    });
}
