/**
 * Loads the shipped NLP data files (resources/lexicon, resources/symbols). The folder is found
 * relative to this file, or from FDE_RESOURCES_DIR (packaged app) or an explicit argument.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { buildLexicon, type Lexicon } from './lexicon';
import { buildUniverse, parseUniverse, parseWordList, type SymbolInfo, type Universe } from './universe';
import type { NlpModel } from './tag';

/**
 * Same search as main/engine/resources.ts (pipelines/ may not import main/): explicit folder,
 * FDE_RESOURCES_DIR, a packaged app's process.resourcesPath, then ancestors of this file.
 */
export function resourcesDir(explicit?: string): string {
  if (explicit) return explicit;
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [process.env.FDE_RESOURCES_DIR, packaged && join(packaged, 'resources')];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) candidates.push(join(dir, 'resources'));
  for (const candidate of candidates) {
    if (candidate && existsSync(join(candidate, 'lexicon', 'vader_lexicon.txt'))) return candidate;
  }
  throw new Error('NLP resources (resources/lexicon, resources/symbols) not found; set FDE_RESOURCES_DIR');
}

const read = (dir: string, ...parts: string[]) => readFileSync(join(dir, ...parts), 'utf8');

export function loadLexicon(dir = resourcesDir()): Lexicon {
  return buildLexicon({
    vader: read(dir, 'lexicon', 'vader_lexicon.txt'),
    finance: read(dir, 'lexicon', 'finance-wsb.tsv'),
    emoji: read(dir, 'lexicon', 'emoji.tsv'),
  });
}

export function loadSymbolInfos(dir = resourcesDir()): SymbolInfo[] {
  return parseUniverse(read(dir, 'symbols', 'universe.psv'));
}

/** The shipped universe plus optional extra rows (meta.symbols, a user file); extras win. */
export function loadUniverse(extra: SymbolInfo[] = [], dir = resourcesDir()): Universe {
  return buildUniverse([...loadSymbolInfos(dir), ...extra], {
    commonWords: parseWordList(read(dir, 'lexicon', 'common-words.txt')),
    acronyms: parseWordList(read(dir, 'lexicon', 'wsb-acronyms.txt')),
  });
}

let cached: NlpModel | undefined;

/** The default model, loaded once per process. */
export function defaultNlpModel(): NlpModel {
  cached ??= { universe: loadUniverse(), lexicon: loadLexicon() };
  return cached;
}

export function loadNlpModel(options: { extraSymbols?: SymbolInfo[]; dir?: string } = {}): NlpModel {
  const dir = resourcesDir(options.dir);
  return { universe: loadUniverse(options.extraSymbols ?? [], dir), lexicon: loadLexicon(dir) };
}
