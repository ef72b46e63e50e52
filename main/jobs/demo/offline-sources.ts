import type { Lake } from '../../lake/types';
import { backfillAlpaca, startAlpacaServer, type BackfillWhat } from '../../sources/alpaca/index';
import { startRedditServer } from '../../servers/reddit/server';
import { backfillReddit } from '../../sources/reddit/backfill';
import type { Progress } from '../../engine/progress';
import { DEMO_PLAN } from './demo-plan';

export interface IntradaySummary {
  trades: number;
  quotes: number;
  bars: number;
  skippedUnits: number;
  quarantined: number;
}

/**
 * Backfills trades, quotes and 1-minute bars from the Alpaca-compatible offline server. Each
 * (symbol, day) commits once, so a re-run fetches nothing it already has.
 */
export async function backfillOfflineIntraday(lake: Lake, progress: Progress): Promise<IntradaySummary> {
  const plan = DEMO_PLAN.alpaca;
  const server = await startAlpacaServer({ port: 0, seed: plan.seed, symbols: [...plan.symbols] });
  const summary: IntradaySummary = { trades: 0, quotes: 0, bars: 0, skippedUnits: 0, quarantined: 0 };
  try {
    for (const what of ['trades', 'quotes', 'bars'] as const satisfies readonly BackfillWhat[]) {
      let started = false;
      const result = await backfillAlpaca({
        restUrl: server.restUrl,
        // The offline server accepts any key pair; real keys never reach it.
        key: 'offline',
        secret: 'offline',
        lake,
        symbols: [...plan.symbols],
        start: plan.start,
        end: plan.end,
        what,
        ...(what === 'bars' ? { timeframe: '1Min' } : {}),
        onProgress: (p) => {
          if (!started) progress.start(`    ${what.padEnd(6)}`, p.total);
          started = true;
          progress.update(p.done, `${p.symbol} ${p.day}`);
        },
      });
      progress.stop();
      summary[what] += result.committedRows;
      summary.skippedUnits += result.skippedUnits;
      summary.quarantined += result.quarantined;
    }
  } finally {
    await server.close();
  }
  return summary;
}

export interface SocialSummary {
  posts: number;
  comments: number;
  mentions: number;
  quarantined: number;
  gaps: number;
}

/** Backfills posts and comments from the Reddit-compatible offline server (planted signal on). */
export async function backfillOfflineSocial(lake: Lake, progress: Progress): Promise<SocialSummary> {
  const plan = DEMO_PLAN.reddit;
  const server = await startRedditServer({
    port: 0,
    seed: plan.seed,
    signal: plan.signal,
    lag: plan.lag,
    from: plan.from,
    to: plan.to,
    subreddits: [...plan.subreddits],
    // A local server: no need to pace the demo like reddit.com's 1000 requests per 10 minutes.
    budget: 1_000_000,
  });
  let last = '';
  try {
    const report = await backfillReddit({
      baseUrl: server.baseUrl,
      lake,
      subreddits: [...plan.subreddits],
      since: plan.from,
      until: plan.to,
      commentTrees: true,
      onProgress: (p) => {
        const stage = `${p.phase}${p.listing ? ` ${p.listing}` : ''}`;
        if (stage === last) return;
        last = stage;
        progress.step(`    ${stage}: ${p.items} items so far`);
      },
    });
    return { posts: report.posts, comments: report.comments, mentions: report.mentions, quarantined: report.quarantined, gaps: report.gaps.length };
  } finally {
    await server.close();
  }
}
