/**
 * tagPost: tickers (with how each was found) and sentiment for one post or comment. This is the
 * function the ingest path calls per item (DuckDB SQL cannot call it) and `fde nlp tag` exposes.
 */
import { labelFor, normalize, scoreSentiment, type SentenceScore, type SentimentLabel } from './sentiment';
import { extractTickers, uniqueSymbols, type Mention } from './tickers';
import type { Lexicon } from './lexicon';
import type { Universe } from './universe';

export interface NlpModel {
  universe: Universe;
  lexicon: Lexicon;
}

export interface PostText {
  id: string;
  title?: string | null;
  body?: string | null;
}

export interface TaggedMention extends Mention {
  /** Sentiment of the sentences that mention the symbol (the post's when they are neutral). */
  sentiment: number;
  label: SentimentLabel;
}

export interface SymbolTag {
  symbol: string;
  /** How the symbol was first found in this post. */
  how: Mention['how'];
  count: number;
  sentiment: number;
  label: SentimentLabel;
}

export interface TaggedPost {
  id: string;
  tickers: SymbolTag[];
  mentions: TaggedMention[];
  sentiment: number;
  label: SentimentLabel;
}

/** Reddit's markers for gone content: never scored (spec 3.3). */
export function isRemovedText(text: string | null | undefined): boolean {
  return text === '[deleted]' || text === '[removed]';
}

/** Title and body joined so the title is its own sentence. */
export function postText(post: PostText): string {
  const title = isRemovedText(post.title) ? '' : (post.title ?? '');
  const body = isRemovedText(post.body) ? '' : (post.body ?? '');
  // join, not a template literal: it builds one flat string, where `${a}\n${b}` makes a cons
  // string that every charCodeAt of both passes reads through an indirection.
  if (title && body) return [title, body].join('\n');
  return title || body;
}

export function tagPost(post: PostText, model: NlpModel): TaggedPost {
  const text = postText(post);
  if (text.length === 0) return { id: post.id, tickers: [], mentions: [], sentiment: 0, label: 'neutral' };
  const scored = scoreSentiment(text, model.lexicon);
  const found = extractTickers(text, model.universe);
  const single = uniqueSymbols(found).length === 1;
  // Plain loops, no closures: this runs per item at ingest (>= 20k posts/s on one core).
  const mentions: TaggedMention[] = [];
  const tickers: SymbolTag[] = [];
  const sums = new Map<string, number>();
  for (const m of found) {
    const sentiment = single ? scored.compound : mentionSentiment(m, scored.sentences, scored.compound);
    mentions.push({ symbol: m.symbol, how: m.how, text: m.text, start: m.start, end: m.end, sentiment, label: labelFor(sentiment) });
    const prev = sums.get(m.symbol);
    if (prev === undefined) {
      sums.set(m.symbol, sentiment);
      tickers.push({ symbol: m.symbol, how: m.how, count: 1, sentiment: 0, label: 'neutral' });
    } else {
      sums.set(m.symbol, prev + sentiment);
      for (const t of tickers) if (t.symbol === m.symbol) t.count++;
    }
  }
  for (const t of tickers) {
    t.sentiment = Math.round((sums.get(t.symbol)! / t.count) * 10000) / 10000;
    t.label = labelFor(t.sentiment);
  }
  return { id: post.id, tickers, mentions, sentiment: scored.compound, label: scored.label };
}

/** Compound of the sentences overlapping the mention; the item's compound when they are neutral. */
function mentionSentiment(m: Mention, sentences: readonly SentenceScore[], fallback: number): number {
  let sum = 0;
  for (const s of sentences) if (m.start < s.end && m.end > s.start) sum += s.sum;
  return sum !== 0 ? Math.round(normalize(sum) * 10000) / 10000 : fallback;
}
