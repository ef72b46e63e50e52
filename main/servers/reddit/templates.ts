/**
 * Phrase pools for the offline Reddit server. `{T}` is a ticker surface form (cashtag, bare
 * symbol, company name or nickname), `{T2}` a second one, `{K}` a strike, `{P}` a price,
 * `{N}` a percentage, `{M}` a month, `{D}` the date. Pools are split by the tone the text was
 * written to carry so the --signal mode can steer tone; negation and sarcasm live in the pool
 * of the tone they actually express ("not selling" is bullish).
 */
export type Tone = 'bullish' | 'bearish' | 'neutral';

export const POST_TITLES: Record<Tone, string[]> = {
  bullish: [
    '{T} calls printing 🚀🚀🚀',
    'Loaded up on {T} {K}c for {M}, this is going to the moon',
    '{T} is undervalued here, adding more shares',
    'Diamond hands on {T} 💎🙌 not selling a single share',
    '{T} beat earnings, tendies incoming 🍗',
    'Why {T} is my highest conviction long (DD)',
    'YOLO: {P}k into {T} calls',
    '{T} breaking out, bulls are back 📈',
    'Not selling my {T}, this dip is a gift',
    'Bought the dip on {T}, feeling great about it',
    '{T} is not going to crash, relax and hold',
    'Gain porn: {T} up {N}% since I bought',
    '{T} upgraded to buy, strong quarter ahead',
  ],
  bearish: [
    '{T} puts are the play, this thing is going to tank',
    'Sold all my {T}, the chart looks terrible 📉',
    '{T} is overvalued garbage. Buying puts',
    'Bagholding {T} since ${P}, kill me',
    '{T} missed and guided down. GUH',
    'Not touching {T} until it stops bleeding',
    'I would not buy {T} here, the risk is awful',
    'Great, {T} down another {N}%. Love this for me /s',
    'Yeah right, {T} to the moon lol. Down {N}% this week',
    'Loss porn: my {T} calls expired worthless 💀',
    '{T} downgraded, this is going to drop hard',
    '{T} is a bubble and it will crash',
    'RIP my {T} position, down {N}%',
  ],
  neutral: [
    "What's the deal with {T} today?",
    'Thoughts on {T} vs {T2}?',
    '{T} earnings date?',
    'Question about {T} options expiring in {M}',
    'Anyone following {T}? Curious what the thesis is',
    'Daily Discussion Thread for {D}',
    'Weekend discussion: what are you watching next week?',
    '{T} and {T2} both report this week',
  ],
};

export const POST_BODIES: Record<Tone, string[]> = {
  bullish: [
    'Revenue growth is accelerating and the market is sleeping on it. Not financial advice.',
    'Cash flow is strong, guidance was raised and the valuation is reasonable. I am long.',
    'Position: {K}c {M}. Apes together strong 🦍',
    "The CEO sounded confident on the call. I'm holding through earnings.",
    'This is the way. Hold the line 💎🙌',
    'Chart looks like a breakout to me, volume is picking up 📈',
  ],
  bearish: [
    'Margins are shrinking and the guidance was weak. I do not see a bottom yet.',
    'Insiders are selling and the debt load is ugly. Stay away.',
    'Position: {K}p {M}. This is going to zero.',
    'The last quarter was a disaster and nobody is talking about it.',
    'Every bounce gets sold. Bears are in control 🐻',
    'Paper hands everywhere, the selloff is not over.',
  ],
  neutral: [
    'Looking for opinions before I make a decision.',
    'Post your positions below.',
    'I have been reading the 10-K and have a few questions about the segments.',
    '',
    'Mods please delete if not allowed.',
  ],
};

export const COMMENTS: Record<Tone, string[]> = {
  bullish: [
    '{T} 🚀🚀🚀',
    'Bought more {T} at open',
    'Ape no sell {T} 🦍💎',
    '{T} bears getting rekt lmao',
    'Tendies! {T} printing today',
    "I'm not selling my {T}, see you on the moon",
    'Loading {T} calls on every dip',
    '{T} is a screaming buy at this price',
    'This is the way',
  ],
  bearish: [
    'Puts on {T} it is',
    'RIP my {T} calls',
    'GUH. {T} wiped me out',
    '{T} is going to drop, just watch',
    'Imagine buying {T} at the top lol',
    "Sold my {T}, I don't trust this rally",
    'Not a chance {T} recovers this year',
    'Sure, {T} will totally bounce back tomorrow /s',
    'This sub is a casino and I am the bagholder',
  ],
  neutral: [
    'Sir, this is a Wendy\'s',
    'What strike are you looking at for {T}?',
    'Source?',
    'Any DD on {T}?',
    'Earnings for {T} are next week I think',
    'Following',
    'IT is what it is',
    'ALL of this is priced in',
    'DD or ban',
    'ON the other hand, the CEO said nothing new',
    'Is {T} still a buy FOR a long term hold?',
  ],
};

/** No-ticker lines with upper-case common words that a naive tagger mistakes for tickers. */
export const FALSE_POSITIVE_LINES = [
  'ALL IN or nothing. YOLO',
  'IT is what it is.',
  'DD incoming tonight, stay tuned.',
  'NOW or never boys',
  'The CEO said ON the call that they are FOR it.',
  'EOD update: still holding, IMO fine.',
  'A lot of people are scared, ARE you?',
  'GO big or go home',
  'SO much FOMO in here today',
];

export const FLAIRS: Record<Tone, string[]> = {
  bullish: ['Gain', 'YOLO', 'DD', 'Discussion'],
  bearish: ['Loss', 'Discussion', 'DD'],
  neutral: ['Discussion', 'Question', 'News'],
};

export const AUTHOR_PARTS = {
  first: ['Diamond', 'Paper', 'Smooth', 'Tendie', 'Theta', 'Bull', 'Bear', 'Moon', 'Value', 'Index', 'Degen', 'Quiet', 'Dip'],
  second: ['Ape', 'Hands', 'Brain', 'Gang', 'Lord', 'Investor', 'Trader', 'Buyer', 'Hodler', 'Wizard', 'Goblin', 'Fund'],
};

export const EDIT_LINES = [
  'EDIT: sold half at open, still holding the rest',
  'EDIT: typo',
  'EDIT: thanks for the awards!',
  'EDIT: added my position',
  'EDIT: ok I was wrong about this one',
];
