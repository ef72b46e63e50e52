/**
 * Scores the tagger on the labeled evaluation set (posts.psv beside this file): ticker
 * precision/recall over (post, symbol) pairs, sentiment sign accuracy on clearly polar posts,
 * three-class accuracy on all posts, and a per-tag breakdown of the hard cases.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tagPost, type NlpModel } from '../tag';
import type { SentimentLabel } from '../sentiment';

export interface EvalPost {
  id: string;
  tickers: string[];
  label: SentimentLabel;
  tags: string[];
  title: string;
  body: string;
}

const LABELS: Record<string, SentimentLabel> = { B: 'bullish', S: 'bearish', N: 'neutral' };

export function parseEvalSet(text: string): EvalPost[] {
  const out: EvalPost[] = [];
  for (const [n, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [id, tickers, label, tags, title, ...body] = line.split('|');
    const l = LABELS[label ?? ''];
    if (!id || tickers === undefined || !l || title === undefined) throw new Error(`posts.psv:${n + 1}: expected id|tickers|B/S/N|tags|title|body`);
    out.push({
      id, label: l, title, body: body.join('|').replaceAll('\\n', '\n'),
      tickers: tickers.split(',').filter(Boolean), tags: (tags ?? '').split(',').filter(Boolean),
    });
  }
  return out;
}

export function loadEvalSet(path = fileURLToPath(new URL('./posts.psv', import.meta.url))): EvalPost[] {
  return parseEvalSet(readFileSync(path, 'utf8'));
}

export interface EvalError {
  id: string;
  text: string;
  expectedTickers: string[];
  gotTickers: string[];
  expectedLabel: SentimentLabel;
  gotLabel: SentimentLabel;
  sentiment: number;
}

export interface EvalResult {
  posts: number;
  tickers: { tp: number; fp: number; fn: number; precision: number; recall: number };
  sentiment: { polarPosts: number; signAccuracy: number; threeClassAccuracy: number };
  byTag: Record<string, { posts: number; tickerErrors: number; labelErrors: number }>;
  errors: EvalError[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function evaluate(set: readonly EvalPost[], model: NlpModel): EvalResult {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let polar = 0;
  let polarOk = 0;
  let allOk = 0;
  const byTag: EvalResult['byTag'] = {};
  const errors: EvalError[] = [];
  for (const post of set) {
    const tagged = tagPost({ id: post.id, title: post.title, body: post.body }, model);
    const got = new Set(tagged.tickers.map((t) => t.symbol));
    const want = new Set(post.tickers);
    let tickerErrors = 0;
    for (const s of got) {
      if (want.has(s)) tp++;
      else {
        fp++;
        tickerErrors++;
      }
    }
    for (const s of want) {
      if (!got.has(s)) {
        fn++;
        tickerErrors++;
      }
    }
    const labelOk = tagged.label === post.label;
    if (labelOk) allOk++;
    if (post.label !== 'neutral') {
      polar++;
      if (labelOk) polarOk++;
    }
    for (const tag of post.tags) {
      const b = (byTag[tag] ??= { posts: 0, tickerErrors: 0, labelErrors: 0 });
      b.posts++;
      if (tickerErrors > 0) b.tickerErrors++;
      if (!labelOk) b.labelErrors++;
    }
    if (tickerErrors > 0 || !labelOk) {
      errors.push({
        id: post.id, text: `${post.title} ${post.body}`.trim(), expectedTickers: post.tickers, gotTickers: [...got],
        expectedLabel: post.label, gotLabel: tagged.label, sentiment: tagged.sentiment,
      });
    }
  }
  return {
    posts: set.length,
    tickers: { tp, fp, fn, precision: round(tp / Math.max(tp + fp, 1)), recall: round(tp / Math.max(tp + fn, 1)) },
    sentiment: { polarPosts: polar, signAccuracy: round(polarOk / Math.max(polar, 1)), threeClassAccuracy: round(allOk / Math.max(set.length, 1)) },
    byTag,
    errors,
  };
}
