import type { Command } from 'commander';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { FdeError, UsageError } from '../../engine/errors';
import { loadNlpModel, defaultNlpModel } from '../../../pipelines/nlp/resources';
import { parseUniverse, type SymbolInfo } from '../../../pipelines/nlp/universe';
import { tagPost, type NlpModel } from '../../../pipelines/nlp/tag';
import { evaluate, loadEvalSet } from '../../../pipelines/nlp/eval/evaluate';
import { openLake } from '../../lake/index';
import { openDuck } from '../../duck/duck';
import { addUserSymbols } from '../../sources/reddit/symbols-table';

function readSymbolsFile(path: string): SymbolInfo[] {
  if (!existsSync(path)) throw new UsageError(`symbols file not found: ${path}`);
  try {
    return parseUniverse(readFileSync(path, 'utf8'), path);
  } catch (error) {
    throw new FdeError((error as Error).message, 'lines look like: SYMBOL|Company name|Sector|groups|alias one;alias two');
  }
}

/** Reasons a parsed NDJSON line is not a post; undefined when it is one. */
function invalidPost(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const o = value as Record<string, unknown>;
  if (typeof o.id !== 'string' && typeof o.id !== 'number') return '"id" must be a string or number';
  for (const key of ['title', 'body']) {
    if (o[key] !== undefined && o[key] !== null && typeof o[key] !== 'string') return `"${key}" must be a string`;
  }
  return undefined;
}

async function tagStream(input: string, model: NlpModel, details: boolean): Promise<{ lines: number; bad: number }> {
  if (input !== '-' && !existsSync(input)) throw new UsageError(`input file not found: ${input}`);
  const stream = input === '-' ? process.stdin : createReadStream(input, 'utf8');
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let lines = 0;
  let bad = 0;
  let out = '';
  for await (const line of rl) {
    lines++;
    if (line.trim().length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      bad++;
      process.stderr.write(`line ${lines}: invalid JSON (${(error as Error).message})\n`);
      continue;
    }
    const reason = invalidPost(value);
    if (reason) {
      bad++;
      process.stderr.write(`line ${lines}: ${reason}\n`);
      continue;
    }
    const o = value as { id: string | number; title?: string | null; body?: string | null };
    const tagged = tagPost({ id: String(o.id), title: o.title, body: o.body }, model);
    const result: Record<string, unknown> = { id: o.id, tickers: tagged.tickers.map((t) => t.symbol), sentiment: tagged.sentiment, label: tagged.label };
    if (details) result.mentions = tagged.mentions.map((m) => ({ symbol: m.symbol, how: m.how, text: m.text, sentiment: m.sentiment }));
    out += `${JSON.stringify(result)}\n`;
    if (out.length > 1 << 16) {
      if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
      out = '';
    }
  }
  process.stdout.write(out);
  return { lines, bad };
}

export function registerNlpCommand(program: Command): void {
  const nlp = program.command('nlp').description('ticker extraction and finance sentiment (pipelines/nlp)');
  nlp
    .command('tag')
    .description('tag NDJSON posts {id, title, body} -> NDJSON {id, tickers, sentiment, label}')
    .requiredOption('--input <file>', 'NDJSON file ("-" for standard input)')
    .option('--symbols <file>', 'extra symbols (universe.psv format) that extend the shipped universe')
    .option('--details', 'also print each mention with how it was found', false)
    .addHelpText('after', `\nExamples:\n  $ fde nlp tag --input posts.jsonl > tagged.jsonl\n  $ echo '{"id":"1","title":"$GME to the moon 🚀"}' | fde nlp tag --input -`)
    .action(async (opts: { input: string; symbols?: string; details: boolean }) => {
      const model = opts.symbols ? loadNlpModel({ extraSymbols: readSymbolsFile(opts.symbols) }) : defaultNlpModel();
      const { lines, bad } = await tagStream(opts.input, model, opts.details);
      if (bad > 0) process.stderr.write(`nlp tag: skipped ${bad} of ${lines} lines (see above)\n`);
    });
  nlp
    .command('eval')
    .description('score the tagger on the labeled evaluation set (pipelines/nlp/eval)')
    .option('--errors', 'list the posts the tagger gets wrong', false)
    .action((opts: { errors: boolean }) => {
      const result = evaluate(loadEvalSet(), defaultNlpModel());
      const { errors, ...summary } = result;
      process.stdout.write(`${JSON.stringify(opts.errors ? result : summary, null, 2)}\n`);
      if (!opts.errors && errors.length > 0) process.stderr.write(`${errors.length} posts with errors (--errors lists them)\n`);
    });
  const symbols = nlp.command('symbols').description('the symbol universe table meta.symbols');
  symbols
    .command('add')
    .description('add or replace user symbols in meta.symbols (they extend tagging at ingest)')
    .requiredOption('--lake <dir>', 'lake folder or URL')
    .requiredOption('--file <file>', 'symbols in universe.psv format')
    .action(async (opts: { lake: string; file: string }) => {
      const infos = readSymbolsFile(opts.file);
      const lake = await openLake(opts.lake);
      const duck = await openDuck({ threads: 1 });
      try {
        const n = await addUserSymbols(lake, duck, infos);
        process.stdout.write(`added ${n} user symbols to meta.symbols\n`);
      } finally {
        duck.close();
        await lake.close();
      }
    });
}
