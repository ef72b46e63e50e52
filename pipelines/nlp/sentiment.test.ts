import { describe, expect, it } from 'vitest';
import vader from 'vader-sentiment';
import { scoreSentiment } from './sentiment';
import { buildLexicon } from './lexicon';
import { loadLexicon } from './resources';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lexicon = loadLexicon();
const score = (text: string) => scoreSentiment(text, lexicon).compound;

// The plain published lexicon, to compare our implementation with the reference port.
const plain = buildLexicon({
  vader: readFileSync(fileURLToPath(new URL('../../resources/lexicon/vader_lexicon.txt', import.meta.url)), 'utf8'),
  finance: '',
  emoji: '',
});

describe('VADER-style scorer', () => {
  it('matches the reference vader-sentiment package on plain English', () => {
    const sentences = [
      'The food was good.',
      'The food was very good!',
      'The food was not good.',
      'The food was GOOD but the service was horrible.',
      'I hate this, it is awful and sad',
      'It is kind of okay I guess',
      'never so happy in my life',
      'This is at least a decent result',
    ];
    for (const s of sentences) {
      const ours = scoreSentiment(s, plain).compound;
      const ref = vader.SentimentIntensityAnalyzer.polarity_scores(s).compound;
      expect(Math.abs(ours - ref), s).toBeLessThan(0.02);
    }
  });

  it('keeps compound in [-1, 1] and labels by the standard thresholds', () => {
    const hot = scoreSentiment('MOON MOON MOON 🚀🚀🚀🚀🚀 tendies!!!! best day ever amazing incredible', lexicon);
    expect(hot.compound).toBeLessThanOrEqual(1);
    expect(hot.compound).toBeGreaterThan(0.9);
    expect(hot.label).toBe('bullish');
    const cold = scoreSentiment('crash tank dump bankrupt fraud 💀📉 worst loss ever', lexicon);
    expect(cold.compound).toBeGreaterThanOrEqual(-1);
    expect(cold.label).toBe('bearish');
    expect(scoreSentiment('The meeting is on Tuesday.', lexicon).label).toBe('neutral');
    expect(scoreSentiment('', lexicon)).toMatchObject({ compound: 0, label: 'neutral' });
  });

  it('scores finance direction words and WSB slang', () => {
    expect(score('buying calls')).toBeGreaterThan(0.3);
    expect(score('buying puts')).toBeLessThan(-0.05);
    expect(score('tendies incoming')).toBeGreaterThan(0.3);
    expect(score('bagholder again')).toBeLessThan(-0.3);
    expect(score('to the moon')).toBeGreaterThan(0.5);
  });

  it('handles negation, intensifiers and caps', () => {
    expect(score('this stock is good')).toBeGreaterThan(0);
    expect(score('this stock is not good')).toBeLessThan(0);
    expect(score('not selling my shares')).toBeGreaterThan(0);
    expect(score('this stock is extremely good')).toBeGreaterThan(score('this stock is good'));
    expect(score('this stock is GOOD today')).toBeGreaterThan(score('this stock is good today'));
    expect(score('it was good but the guidance is terrible')).toBeLessThan(0);
  });

  it('scores emoji, also glued to words', () => {
    expect(score('🚀🚀🚀')).toBeGreaterThan(0.5);
    expect(score('moon🚀')).toBeGreaterThan(score('moon'));
    expect(score('📉📉')).toBeLessThan(-0.5);
    expect(score('💀')).toBeLessThan(0);
  });

  it('flips sentences marked sarcastic with /s', () => {
    expect(score('Great, love losing money /s')).toBeLessThan(0);
    expect(score('Sure, this will totally bounce back tomorrow /s')).toBeLessThan(0);
  });

  it('reports per-sentence sums with offsets', () => {
    const text = 'Calls are great. Puts are terrible.';
    const r = scoreSentiment(text, lexicon);
    expect(r.sentences).toHaveLength(2);
    expect(r.sentences[0]!.sum).toBeGreaterThan(0);
    expect(r.sentences[1]!.sum).toBeLessThan(0);
    expect(text.slice(r.sentences[1]!.start, r.sentences[1]!.end)).toBe('Puts are terrible.');
  });
});
