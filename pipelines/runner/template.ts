/**
 * Finds and resolves the template calls in a model body:
 *   ref('model')                 -> the model's relation, e.g. silver.trades
 *   source('layer', 'table')     -> the lake table's relation, e.g. bronze.alpaca_trades
 *   {{ this }}                   -> the model's own relation (its current rows)
 *   {{ incremental_since('col') }} -> `(col >= <cutoff>)` on incremental runs, `TRUE` on full builds
 * Calls inside SQL comments are ignored.
 */
import { lineOf } from './config';

export interface RefUse {
  name: string;
  line: number;
}
export interface SourceUse {
  layer: string;
  table: string;
  line: number;
}

const CALL = /\bref\(\s*(['"])([^'"]+)\1\s*\)|\bsource\(\s*(['"])([^'"]+)\3\s*,\s*(['"])([^'"]+)\5\s*\)|\{\{\s*this\s*\}\}|\{\{\s*incremental_since\(\s*(['"])([^'"]+)\7\s*\)\s*\}\}/g;

/** Replaces comments with spaces so offsets and line numbers stay valid. */
export function blankComments(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
}

export function scanTemplate(body: string): { refs: RefUse[]; sources: SourceUse[] } {
  const scan = blankComments(body);
  const refs: RefUse[] = [];
  const sources: SourceUse[] = [];
  for (const m of scan.matchAll(CALL)) {
    const line = lineOf(scan, m.index);
    if (m[2] !== undefined) refs.push({ name: m[2], line });
    else if (m[4] !== undefined && m[6] !== undefined) sources.push({ layer: m[4], table: m[6], line });
  }
  return { refs, sources };
}

export interface RenderContext {
  relationOf(model: string): string;
  self: string;
  /** SQL literal of the incremental cutoff, or undefined on a full build. */
  cutoff?: string;
}

export function renderTemplate(body: string, ctx: RenderContext): string {
  const scan = blankComments(body);
  let out = '';
  let last = 0;
  for (const m of scan.matchAll(CALL)) {
    out += body.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[2] !== undefined) out += ctx.relationOf(m[2]);
    else if (m[4] !== undefined && m[6] !== undefined) out += `${m[4]}.${m[6]}`;
    else if (m[8] !== undefined) out += ctx.cutoff === undefined ? 'TRUE' : `(${m[8]} >= ${ctx.cutoff})`;
    else out += ctx.self;
  }
  return out + body.slice(last);
}
