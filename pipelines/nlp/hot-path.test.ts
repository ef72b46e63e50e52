import { describe, expect, it } from 'vitest';
import { tagPost } from './tag';
import { defaultNlpModel } from './resources';

/**
 * Pins tagPost on inputs that exercise the char-code tokenizers' edge cases (apostrophes and
 * possessives, non-ASCII case mapping incl. "İ" and final sigma, Unicode whitespace, emoji runs,
 * URLs, "/s" with trailing spaces, idioms, booster phrases, "least"). Expected values were taken
 * from the regex-based implementation these tokenizers replaced (docs/benchmarks.md ## NLP):
 * the speed-up must not change a single output.
 */
const CASES: Array<[title: string, body: string, tickers: string, compound: number, label: string]> = [
  ["", "GME's squeeze isn't over, I DON'T think it's priced in", "GME:symbol:1:0.3818", 0.3818, "bullish"],
  ["", "TSLA’s earnings were AWFUL but the guidance is great!!!", "TSLA:symbol:1:0.7319", 0.7319, "bullish"],
  ["", "İstanbul exchange: AAPL up, ΟΔΟΣ down. Apple is the best", "AAPL:symbol:2:0.6124", 0.6124, "bullish"],
  ["AMD calls 🚀🚀", "moon🚀 soon, $NVDA 💎🙌 not selling", "AMD:symbol:1:0.9042,NVDA:cashtag:1:0.9338", 0.9784, "bullish"],
  ["", "this is kind of bad but NOT terrible for $BRK.B and $brk-b", "BRK.B:cashtag:2:0.2346", 0.2346, "bullish"],
  ["", "Bought ON at the lows, ALL IN on it\u00a0now\u2028MSFT\u3000is great /s", "ON:symbol_context:1:-0.6486,MSFT:symbol:1:-0.6486", -0.6486, "bearish"],
  ["", "yeah right, INTC to the moon /s   ", "INTC:symbol:1:-0.296", -0.296, "bearish"],
  ["", "never so good: https://x.com/AAPL r/stocks @TSLA and GE Vernova rocks", "GEV:alias:1:0.6474", 0.6474, "bullish"],
  ["Target earnings", "target practice with Home Depot and the HOME DEPOT", "HD:alias:2:0", 0, "neutral"],
  ["", "NOW 420c 12/17 looks strong, IT shares too. least bad pick: at least DD is done", "NOW:symbol_context:1:0.4588,IT:symbol_context:1:0.4588", 0.705, "bullish"],
  ["[deleted]", "AAPL and MSFT are both down today... not great, not terrible", "AAPL:symbol:1:-0.25,MSFT:symbol:1:-0.25", -0.7539, "bearish"],
  ["", "Paper hands sold the dip. Diamond hands buy the dip. AT&T and S&P are flat.", "T:alias:1:0.296", 0.296, "bullish"],
];

describe('tagPost edge cases (outputs of the regex-based tokenizers)', () => {
  const model = defaultNlpModel();
  for (const [title, body, tickers, compound, label] of CASES) {
    it(JSON.stringify(title + ' | ' + body), () => {
      const r = tagPost({ id: 'x', title, body }, model);
      expect(r.tickers.map((t) => `${t.symbol}:${t.how}:${t.count}:${t.sentiment}`).join(',')).toBe(tickers);
      expect(r.sentiment).toBe(compound);
      expect(r.label).toBe(label);
    });
  }

  it('gives the same result for a title+body pair and the same text as one body', () => {
    const split = tagPost({ id: 'a', title: 'AMD calls 🚀🚀', body: 'moon soon, $NVDA not selling' }, model);
    const joined = tagPost({ id: 'a', title: '', body: 'AMD calls 🚀🚀\nmoon soon, $NVDA not selling' }, model);
    expect(joined).toEqual(split);
  });
});
