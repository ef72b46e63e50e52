/**
 * Generates the offline server's whole site up front: posts and comment trees for finance
 * subreddits on the calendar days of the real market data, deterministic for a seed.
 *
 * Signal mode (docs/reddit.md): for the symbol a post is about, on calendar day d, let z be
 * the standardized log volatility of that symbol on the trading day `lag` trading days after
 * d (market-signal.ts). Tone probabilities are bullish 0.45 - k*z, bearish 0.30 + k*z,
 * neutral 0.25 with k = 0.12 * strength and z clipped to [-2.5, 2.5]; the symbol is also picked
 * more often ahead of volatile days (weight x (1 + 0.3 * strength * max(z, 0))). Without the
 * signal z is 0 and tone does not depend on the market at all.
 */
import type { SymbolInfo, Universe } from '../../../pipelines/nlp/universe';
import { leadVolZ, type MarketTape } from './market-signal';
import { Rng } from './rng';
import {
  AUTHOR_PARTS, COMMENTS, EDIT_LINES, FALSE_POSITIVE_LINES, FLAIRS, POST_BODIES, POST_TITLES, type Tone,
} from './templates';

export interface GeneratorOptions {
  seed: number;
  signal: boolean;
  /** Signal strength (default 1) and lead in trading days (default 1). */
  strength?: number;
  lag?: number;
  from: string; // YYYY-MM-DD
  to: string; // inclusive
  subreddits: string[];
  postsPerDay?: number; // per subreddit, default 2.6
  commentsPerPost?: number; // mean, default 3
}

export interface GenItem {
  kind: 't1' | 't3';
  id: string;
  subreddit: string;
  created: number;
  author: string;
  text: string; // body / selftext
  title: string; // posts only
  flair: string | null;
  finalScore: number;
  ratio: number;
  editAt?: number;
  editText?: string;
  goneAt?: number;
  gone?: 'deleted' | 'removed';
  tone: Tone;
  /** Symbols the text was written about (for tests and docs; not served). */
  symbols: string[];
  postId: string; // own id for posts
  parentId: string; // fullname
  depth: number;
  commentIds: string[];
}

export interface Site {
  posts: GenItem[]; // chronological
  comments: GenItem[]; // chronological
  byId: Map<string, GenItem>; // id36 -> item (posts and comments share no ids)
}

/** Symbols the generated chatter is about (period-appropriate for 2000-2001), with weights. */
export const FOCUS: ReadonlyArray<readonly [string, number]> = [
  ['MSFT', 8], ['INTC', 2], ['CSCO', 2], ['IBM', 1.5], ['GE', 1.5], ['QQQ', 1.5], ['ORCL', 1], ['AAPL', 1],
  ['DELL', 1], ['QCOM', 1], ['AMZN', 1], ['HWP', 1], ['SPY', 1], ['EBAY', 0.5], ['T', 0.6], ['SBC', 0.5],
  ['KO', 0.5], ['WMT', 0.7], ['HD', 0.5], ['JPM', 0.5], ['C', 0.5], ['XOM', 0.5], ['BA', 0.5], ['DIS', 0.5],
  ['MRK', 0.5], ['JNJ', 0.4], ['PG', 0.4], ['MO', 0.4], ['GM', 0.4], ['EK', 0.3], ['AA', 0.3], ['CAT', 0.3],
  ['MMM', 0.3], ['HON', 0.3], ['IP', 0.2], ['AXP', 0.3], ['DD', 0.3], ['MCD', 0.4], ['UTX', 0.2], ['NOK', 0.5],
  ['DIA', 0.4],
];

const DAY = 86400;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY * 1000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function titleCase(phrase: string): string {
  return phrase.replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

/** A way to write the symbol: cashtag, bare symbol, or a company name / nickname. */
function surface(info: SymbolInfo | undefined, symbol: string, universe: Universe, rng: Rng): string {
  const r = rng.next();
  const bareOk = symbol.length > 1 && !universe.ambiguous.has(symbol);
  if (r < 0.35 || (!bareOk && r < 0.7) || !info) return `$${symbol}`;
  if (r < 0.7) return symbol;
  const aliases = info.aliases.filter((a) => !a.includes('&') || a.length > 3);
  if (aliases.length === 0) return `$${symbol}`;
  const alias = rng.pick(aliases);
  // "ibm", "3m", "at&t" read as acronyms; longer names as proper nouns.
  return alias.length <= 4 && !alias.includes(' ') ? alias.toUpperCase() : titleCase(alias);
}

function toneFor(z: number, strength: number, rng: Rng): Tone {
  const k = 0.12 * strength;
  const zc = Math.max(-2.5, Math.min(2.5, z));
  const bull = 0.45 - k * zc;
  const bear = 0.3 + k * zc;
  const r = rng.next();
  return r < bull ? 'bullish' : r < bull + bear ? 'bearish' : 'neutral';
}

function fill(template: string, t: string, t2: string, rng: Rng, date: string): string {
  return template
    .replaceAll('{T2}', t2)
    .replaceAll('{T}', t)
    .replaceAll('{K}', String(rng.int(2, 40) * 5))
    .replaceAll('{P}', String(rng.int(5, 120)))
    .replaceAll('{N}', String(rng.int(3, 45)))
    .replaceAll('{M}', rng.pick(MONTHS))
    .replaceAll('{D}', date);
}

export function generateSite(options: GeneratorOptions, universe: Universe, tape: MarketTape): Site {
  const strength = options.strength ?? 1;
  const lag = options.lag ?? 1;
  const postsPerDay = options.postsPerDay ?? 2.6;
  const commentsPerPost = options.commentsPerPost ?? 3;
  const endOfRange = Date.parse(`${options.to}T23:59:59Z`) / 1000;
  const posts: GenItem[] = [];
  const comments: GenItem[] = [];
  const zFor = (symbol: string, date: string) =>
    options.signal ? (leadVolZ(tape, symbol, date, lag) ?? 0) : 0;
  const author = (rng: Rng) =>
    `${rng.pick(AUTHOR_PARTS.first)}_${rng.pick(AUTHOR_PARTS.second)}_${rng.int(1, 9999)}`;
  const lifecycle = (item: GenItem, rng: Rng) => {
    const r = rng.next();
    if (r < 0.08) {
      item.editAt = item.created + rng.int(600, 20 * 3600);
      item.editText = `${item.text}\n\n${rng.pick(EDIT_LINES)}`;
    } else if (r < 0.11) {
      item.gone = 'deleted';
      item.goneAt = item.created + rng.int(3600, 30 * 3600);
    } else if (r < 0.13) {
      item.gone = 'removed';
      item.goneAt = item.created + rng.int(600, 6 * 3600);
    }
  };
  for (const date of days(options.from, options.to)) {
    const dayStart = Date.parse(`${date}T00:00:00Z`) / 1000;
    for (const sub of options.subreddits) {
      const rng = Rng.for(options.seed, 'day', date, sub.toLowerCase());
      const weights = FOCUS.map(([s, w]) => [s, w * (1 + 0.3 * strength * Math.max(zFor(s, date), 0))] as const);
      const n = rng.poisson(postsPerDay);
      const wsb = sub.toLowerCase() === 'wallstreetbets';
      for (let p = 0; p < n; p++) {
        const symbol = rng.weighted(weights);
        const other = rng.weighted(FOCUS);
        const tone = toneFor(zFor(symbol, date), strength, rng);
        const t = surface(universe.symbols.get(symbol), symbol, universe, rng);
        const t2 = surface(universe.symbols.get(other), other, universe, rng);
        const title = fill(rng.pick(POST_TITLES[tone]), t, t2, rng, date);
        let body = rng.next() < 0.65 ? fill(rng.pick(POST_BODIES[tone]), t, t2, rng, date) : '';
        if (rng.next() < (wsb ? 0.2 : 0.08)) body = `${body}\n\n${rng.pick(FALSE_POSITIVE_LINES)}`.trim();
        const written = `${title}\n${body}`;
        const symbols = [...(written.includes(t) ? [symbol] : []), ...(written.includes(t2) && other !== symbol ? [other] : [])];
        const post: GenItem = {
          kind: 't3', id: '', subreddit: sub, created: dayStart + rng.int(9 * 3600, 23 * 3600 + 3599),
          author: author(rng), title, text: body, flair: rng.pick(FLAIRS[tone]),
          finalScore: Math.max(1, Math.floor(Math.exp(2.3 + 1.5 * rng.normal()))),
          ratio: Math.round((0.55 + 0.44 * rng.next()) * 100) / 100, tone, symbols,
          postId: '', parentId: '', depth: 0, commentIds: [],
        };
        lifecycle(post, rng);
        posts.push(post);
        const nc = rng.poisson(commentsPerPost);
        const thread: GenItem[] = [];
        for (let c = 0; c < nc; c++) {
          const created = Math.min(post.created + Math.floor(-Math.log(Math.max(rng.next(), 1e-9)) * 3 * 3600), endOfRange);
          const cSymbol = rng.next() < 0.8 ? symbol : rng.weighted(FOCUS);
          const cTone = toneFor(zFor(cSymbol, date), strength, rng);
          const ct = cSymbol === symbol && rng.next() < 0.5 ? t : surface(universe.symbols.get(cSymbol), cSymbol, universe, rng);
          const parent = thread.length > 0 && rng.next() < 0.3 ? rng.pick(thread) : undefined;
          const text = fill(rng.pick(COMMENTS[cTone]), ct, t2, rng, date);
          const comment: GenItem = {
            kind: 't1', id: '', subreddit: sub, created: Math.max(created, (parent?.created ?? 0) + 30), author: author(rng),
            title: '', text, flair: null,
            finalScore: Math.floor(Math.exp(1.2 + 1.2 * rng.normal())) - (rng.next() < 0.05 ? 8 : 1),
            ratio: 1, tone: cTone, symbols: text.includes(ct) ? [cSymbol] : [], postId: '',
            parentId: parent ? parent.id : '', depth: parent ? parent.depth + 1 : 0, commentIds: [],
          };
          // parent ids are bound after numbering; keep the object link meanwhile
          (comment as GenItem & { parentRef?: GenItem }).parentRef = parent;
          (comment as GenItem & { postRef?: GenItem }).postRef = post;
          lifecycle(comment, rng);
          thread.push(comment);
          comments.push(comment);
        }
      }
    }
  }
  return numberSite(posts, comments);
}

/** Reddit ids grow with time: number items chronologically in base 36. */
function numberSite(posts: GenItem[], comments: GenItem[]): Site {
  const order = (a: GenItem, b: GenItem) => a.created - b.created || a.subreddit.localeCompare(b.subreddit);
  posts.sort(order);
  comments.sort(order);
  const byId = new Map<string, GenItem>();
  posts.forEach((p, i) => {
    p.id = (36 ** 5 + i).toString(36);
    p.postId = p.id;
    byId.set(p.id, p);
  });
  comments.forEach((c, i) => {
    c.id = (2 * 36 ** 6 + i).toString(36);
    byId.set(c.id, c);
  });
  for (const c of comments) {
    const refs = c as GenItem & { parentRef?: GenItem; postRef?: GenItem };
    const post = refs.postRef!;
    c.postId = post.id;
    c.parentId = refs.parentRef ? `t1_${refs.parentRef.id}` : `t3_${post.id}`;
    post.commentIds.push(c.id);
    delete refs.parentRef;
    delete refs.postRef;
  }
  return { posts, comments, byId };
}
