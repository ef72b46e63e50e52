/**
 * Renders generated items as Reddit JSON (t3/t1 `data` objects, Listings) as seen at a given
 * simulated time: scores grow over the first day, edits and deletions appear when they happen,
 * and gone items are hidden from listings but still returned (with markers) by /api/info.
 */
import type { GenItem, Site } from './generator';

export const SUBREDDIT_IDS: Record<string, string> = {};
function subredditId(name: string): string {
  const key = name.toLowerCase();
  let id = SUBREDDIT_IDS[key];
  if (!id) {
    let h = 0;
    for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    id = `t5_${(h % 36 ** 5).toString(36)}`;
    SUBREDDIT_IDS[key] = id;
  }
  return id;
}

export type Thing = { kind: string; data: Record<string, unknown> };

export function visible(item: GenItem, now: number): boolean {
  return item.created <= now && !(item.gone && item.goneAt !== undefined && item.goneAt <= now);
}

function scoreAt(item: GenItem, now: number): number {
  const age = Math.max(0, now - item.created);
  const grown = Math.round(item.finalScore * Math.min(1, age / 86400));
  return item.kind === 't3' ? Math.max(1, grown) : grown;
}

function state(item: GenItem, now: number) {
  const gone = item.gone && item.goneAt !== undefined && item.goneAt <= now ? item.gone : null;
  const edited = item.editAt !== undefined && item.editAt <= now;
  const text = gone ? `[${gone}]` : edited ? item.editText! : item.text;
  const author = gone === 'deleted' ? '[deleted]' : item.author;
  return { gone, edited: edited ? item.editAt! : false, text, author };
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 50) || 'post';
}

export function postData(post: GenItem, site: Site, now: number): Record<string, unknown> {
  const s = state(post, now);
  const permalink = `/r/${post.subreddit}/comments/${post.id}/${slug(post.title)}/`;
  const score = scoreAt(post, now);
  return {
    id: post.id,
    name: `t3_${post.id}`,
    title: post.title,
    selftext: s.text,
    selftext_html: null,
    author: s.author,
    ...(s.author === '[deleted]' ? {} : { author_fullname: `t2_${(post.author.length * 7919).toString(36)}` }),
    subreddit: post.subreddit,
    subreddit_id: subredditId(post.subreddit),
    subreddit_name_prefixed: `r/${post.subreddit}`,
    created_utc: post.created,
    created: post.created,
    score,
    ups: score,
    downs: 0,
    upvote_ratio: post.ratio,
    num_comments: post.commentIds.filter((id) => (site.byId.get(id)?.created ?? Infinity) <= now).length,
    permalink,
    url: `https://www.reddit.com${permalink}`,
    domain: `self.${post.subreddit}`,
    is_self: true,
    link_flair_text: post.flair,
    stickied: false,
    pinned: false,
    over_18: false,
    spoiler: false,
    locked: false,
    archived: false,
    removed_by_category: s.gone === 'removed' ? 'moderator' : s.gone === 'deleted' ? 'deleted' : null,
    edited: s.edited,
    distinguished: null,
    num_crossposts: 0,
    total_awards_received: 0,
  };
}

export function commentData(
  c: GenItem,
  site: Site,
  now: number,
  replies: Thing | '' = '',
  depth?: number,
): Record<string, unknown> {
  const s = state(c, now);
  const post = site.byId.get(c.postId)!;
  const permalink = `/r/${c.subreddit}/comments/${post.id}/${slug(post.title)}/${c.id}/`;
  return {
    id: c.id,
    name: `t1_${c.id}`,
    body: s.text,
    author: s.author,
    ...(s.author === '[deleted]' ? {} : { author_fullname: `t2_${(c.author.length * 7919).toString(36)}` }),
    created_utc: c.created,
    created: c.created,
    edited: s.edited,
    score: scoreAt(c, now),
    score_hidden: false,
    controversiality: 0,
    parent_id: c.parentId,
    link_id: `t3_${post.id}`,
    subreddit: c.subreddit,
    subreddit_id: subredditId(c.subreddit),
    permalink,
    replies,
    ...(depth === undefined ? {} : { depth }),
    is_submitter: c.author === post.author,
    stickied: false,
    distinguished: null,
    collapsed: false,
    link_title: post.title,
    link_author: post.author,
    link_permalink: `https://www.reddit.com/r/${c.subreddit}/comments/${post.id}/${slug(post.title)}/`,
    link_url: `https://www.reddit.com/r/${c.subreddit}/comments/${post.id}/${slug(post.title)}/`,
    num_comments: post.commentIds.length,
    over_18: false,
    quarantine: false,
  };
}

export function thing(item: GenItem, site: Site, now: number): Thing {
  return item.kind === 't3'
    ? { kind: 't3', data: postData(item, site, now) }
    : { kind: 't1', data: commentData(item, site, now) };
}

export function listing(children: Thing[], after: string | null, before: string | null, dist: number | null): Thing {
  return { kind: 'Listing', data: { after, dist, modhash: '', geo_filter: '', children, before } };
}

/** The comment tree of a post: nested Listings in `replies`, `""` for leaves (no `more` stubs). */
export function commentTree(post: GenItem, site: Site, now: number): Thing {
  const shown = post.commentIds
    .map((id) => site.byId.get(id)!)
    .filter((c) => c.created <= now);
  const children = new Map<string, GenItem[]>();
  for (const c of shown) {
    const list = children.get(c.parentId) ?? [];
    list.push(c);
    children.set(c.parentId, list);
  }
  const build = (parent: string, depth: number): Thing[] =>
    (children.get(parent) ?? [])
      .sort((a, b) => b.finalScore - a.finalScore || a.created - b.created)
      .map((c) => {
        const kids = build(`t1_${c.id}`, depth + 1);
        const replies = kids.length > 0 ? listing(kids, null, null, null) : '';
        return { kind: 't1', data: commentData(c, site, now, replies, depth) };
      });
  return listing(build(`t3_${post.id}`, 0), null, null, null);
}
