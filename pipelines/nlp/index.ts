/** Public surface of the NLP pipeline (pure functions plus the resource loader). */
export { tagPost, postText, isRemovedText } from './tag';
export type { NlpModel, PostText, TaggedPost, TaggedMention, SymbolTag } from './tag';
export { extractTickers, uniqueSymbols } from './tickers';
export type { Mention, MentionHow } from './tickers';
export { scoreSentiment, labelFor, normalize } from './sentiment';
export type { SentimentLabel, SentimentResult } from './sentiment';
export { buildUniverse, parseUniverse, nameCore } from './universe';
export type { SymbolInfo, Universe } from './universe';
export { buildLexicon } from './lexicon';
export type { Lexicon } from './lexicon';
export { defaultNlpModel, loadNlpModel, loadUniverse, loadLexicon, loadSymbolInfos, resourcesDir } from './resources';
