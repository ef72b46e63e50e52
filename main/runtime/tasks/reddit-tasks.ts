/** Reddit: posts, comment trees and mentions created on the partition's day (ids de-duplicate re-runs). */
import { backfillReddit } from '../../sources/reddit/backfill';
import { DEMO_PLAN } from '../../jobs/demo/demo-plan';
import type { TaskImplementation } from '../task-api';
import { partitionDate, producedVersions, requestGate, tableVersions, throwIfCancelled } from './support';

const backfillDay: TaskImplementation = async (ctx) => {
  const day = partitionDate(ctx);
  const ep = await ctx.sources.reddit(ctx.signal);
  const subreddits = Array.isArray(ctx.params.subreddits) ? ctx.params.subreddits.map(String) : [...DEMO_PLAN.reddit.subreddits];
  const before = await tableVersions(ctx.lake);
  ctx.log.info(`reddit for ${day}`, { subreddits, offline: ep.offline });
  const report = await backfillReddit({
    baseUrl: ep.baseUrl,
    lake: ctx.lake,
    subreddits,
    since: day,
    until: day,
    commentTrees: true,
    // The gate throws on cancel before the next request; batches are written between requests, never cut.
    client: { clientId: ep.clientId, clientSecret: ep.clientSecret, authUrl: ep.authUrl, userAgent: ep.userAgent, beforeRequest: requestGate(ctx, 'reddit', ep.offline) },
    onProgress: (p) => ctx.progress.report({ done: p.pages, rows: p.written, message: `${p.phase}${p.listing ? ` ${p.listing}` : ''}` }),
  });
  throwIfCancelled(ctx);
  if (report.gaps.length > 0) ctx.log.warn('listings did not reach back to the whole day', { gaps: report.gaps.length });
  return {
    rowsWritten: report.posts + report.comments + report.mentions,
    tableVersions: await producedVersions(ctx.lake, before, ctx.job.assets.produces),
    summary: { day, posts: report.posts, comments: report.comments, mentions: report.mentions, quarantined: report.quarantined, gaps: report.gaps.length, requests: report.requests },
  };
};

export const redditTasks = { 'reddit.backfill-day': backfillDay } satisfies Record<string, TaskImplementation>;
