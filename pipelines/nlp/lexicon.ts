/**
 * Sentiment lexicon: the published VADER word list (resources/lexicon/vader_lexicon.txt, from the
 * Apache-2.0 vader-sentiment package) overlaid with our finance/WSB list and emoji valences.
 * Pure: callers pass file texts (see resources.ts for the loader).
 */

export interface Lexicon {
  /** Lower-case token (or emoji) -> valence in [-4, 4]. */
  readonly valence: ReadonlyMap<string, number>;
  /** Emoji -> valence; also present in `valence`. Used by the tokenizer to split emoji runs. */
  readonly emoji: ReadonlyMap<string, number>;
  readonly version: string;
}

/** Parses `token<TAB>valence[<TAB>...]` lines; `#` starts a comment line. */
export function parseValenceList(text: string, source: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length === 0 || line.startsWith('# ') || line === '#') continue;
    const parts = line.split('\t');
    const token = parts[0];
    const value = Number(parts[1]);
    if (!token || parts.length < 2 || !Number.isFinite(value) || value < -4 || value > 4) {
      throw new Error(`${source}:${i + 1}: expected "token<TAB>valence" with valence in [-4, 4]`);
    }
    out.set(token.toLowerCase(), value);
  }
  return out;
}

export function buildLexicon(input: {
  vader: string;
  finance: string;
  emoji: string;
  version?: string;
}): Lexicon {
  const valence = parseValenceList(input.vader, 'vader_lexicon.txt');
  for (const [token, value] of parseValenceList(input.finance, 'finance-wsb.tsv')) valence.set(token, value);
  const emoji = parseValenceList(input.emoji, 'emoji.tsv');
  for (const [token, value] of emoji) {
    valence.set(token, value);
    // Emoji often arrive with or without the U+FE0F variation selector.
    const bare = token.replace(/\uFE0F/g, '');
    if (bare !== token) {
      valence.set(bare, value);
      emoji.set(bare, value);
    }
  }
  return { valence, emoji, version: input.version ?? 'vader-3.3+fde-finance-1' };
}

/** VADER booster/dampener words (the published list) and their scalar. */
const B_INCR = 0.293;
const B_DECR = -0.293;
const BOOST_UP =
  'absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably unusually utterly very mega super insanely';
const BOOST_DOWN =
  'almost barely hardly kinda kindof kind-of less little marginally occasionally partly scarcely slightly somewhat sorta sortof';
export const BOOSTERS: ReadonlyMap<string, number> = new Map<string, number>([
  ...BOOST_UP.split(' ').map((w): [string, number] => [w, B_INCR]),
  ...BOOST_DOWN.split(' ').map((w): [string, number] => [w, B_DECR]),
  ['kind of', B_DECR],
  ['sort of', B_DECR],
  ['just enough', B_DECR],
]);

/** VADER negation words (the published list, apostrophe-free forms added). */
export const NEGATIONS: ReadonlySet<string> = new Set(
  (
    "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't " +
    "dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't " +
    "neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't " +
    "shan't shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely seldom despite no"
  ).split(' '),
);

/** VADER special-case idioms (valence replaces the word's own). */
export const IDIOMS: ReadonlyMap<string, number> = new Map([
  ['the shit', 3],
  ['the bomb', 3],
  ['bad ass', 1.5],
  ['yeah right', -2],
  ['cut the mustard', 2],
  ['kiss of death', -1.5],
  ['hand to mouth', -2],
  // finance idioms
  ['to the moon', 3.2],
  ['paper hands', -2],
  ['diamond hands', 2.4],
  ['buy the dip', 2],
  ['dead cat', -2.4],
  ['all time high', 2.2],
  ['all time highs', 2.2],
  ['rug pull', -3],
  ['bag holder', -2.4],
  ['bag holding', -2.4],
  ['going to zero', -3],
  ['to zero', -2.6],
  ['print money', 2.6],
  ['short squeeze', 2.4],
  ['priced in', -0.4],
  ['sell off', -2.4],
  ['free money', 2.2],
  ['sell the news', -1.8],
  ['rip my', -3],
  ['recession proof', 1.5],
  ['priced for perfection', -1.5],
  ['taking profits', -0.4],
  ['burning cash', -2.2],
  ['burning billions', -2.4],
  ['screaming buy', 2.6],
]);
