/**
 * Reddit contracts (the `data` object of t3 posts and t1 comments, spec section 3). zod is the
 * single definition; volumes are small (<= 100 items per page), so safeParse runs per item.
 *
 * Versioning: a contract id is `reddit.<kind>.v<N>`. Bump N (keep the old schema) when a field
 * changes meaning or becomes required; new optional fields need no bump. Unknown keys are
 * allowed (a t3 carries ~107 keys; we keep the ones listed).
 */
import { z } from 'zod';

export const CONTRACT_VERSION = 1;
export const POST_CONTRACT_ID = `reddit.post.v${CONTRACT_VERSION}`;
export const COMMENT_CONTRACT_ID = `reddit.comment.v${CONTRACT_VERSION}`;

const id36 = z.string().regex(/^[0-9a-z]{1,13}$/, 'id must be base-36');
/** Whole seconds; old dumps carry it as a string (spec 7), which we coerce. */
const epoch = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).pipe(
  z.number().gte(1_000_000_000 - 10 * 365 * 86400, 'created_utc before 1995').lt(4_102_444_800, 'created_utc after 2100'),
);
const edited = z.union([z.literal(false), z.number(), z.literal(true)]);

export const redditPostSchema = z.looseObject({
  id: id36,
  name: z.string().regex(/^t3_[0-9a-z]+$/, 'name must be t3_<id36>'),
  title: z.string().max(1000),
  selftext: z.string().max(100_000).default(''),
  author: z.string().min(1).max(64),
  subreddit: z.string().regex(/^[A-Za-z0-9_]{2,32}$/, 'subreddit name'),
  created_utc: epoch,
  score: z.number().int(),
  upvote_ratio: z.number().gte(0).lte(1).optional(),
  num_comments: z.number().int().gte(0).optional(),
  permalink: z.string().optional(),
  url: z.string().optional(),
  link_flair_text: z.string().nullable().optional(),
  edited: edited.optional(),
  removed_by_category: z.string().nullable().optional(),
  stickied: z.boolean().optional(),
  over_18: z.boolean().optional(),
});

export const redditCommentSchema = z.looseObject({
  id: id36,
  name: z.string().regex(/^t1_[0-9a-z]+$/, 'name must be t1_<id36>'),
  body: z.string().max(100_000),
  author: z.string().min(1).max(64),
  subreddit: z.string().regex(/^[A-Za-z0-9_]{2,32}$/, 'subreddit name'),
  created_utc: epoch,
  score: z.number().int(),
  link_id: z.string().regex(/^t3_[0-9a-z]+$/, 'link_id must be t3_<id36>'),
  parent_id: z.string().regex(/^t[13]_[0-9a-z]+$/, 'parent_id must be t1_ or t3_'),
  permalink: z.string().optional(),
  edited: edited.optional(),
  link_title: z.string().optional(),
  stickied: z.boolean().optional(),
});

export type RedditPost = z.output<typeof redditPostSchema>;
export type RedditComment = z.output<typeof redditCommentSchema>;

export const thingSchema = z.object({ kind: z.string(), data: z.record(z.string(), z.unknown()) });
export const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    after: z.string().nullable(),
    before: z.string().nullable().optional(),
    dist: z.number().nullable().optional(),
    children: z.array(thingSchema),
  }),
});
export type Listing = z.output<typeof listingSchema>;

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  scope: z.string(),
});

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function check<T>(schema: z.ZodType<T>, value: unknown): ValidationResult<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const reason = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason };
}

export const validatePost = (value: unknown) => check(redditPostSchema, value);
export const validateComment = (value: unknown) => check(redditCommentSchema, value);

/** Deleted/removed markers (spec 3.3). */
export function isGone(text: string, author: string): 'deleted' | 'removed' | null {
  if (text === '[removed]') return 'removed';
  if (text === '[deleted]' || author === '[deleted]') return 'deleted';
  return null;
}
