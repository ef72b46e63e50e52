/**
 * The model config header: a JSON object inside the first block comment of a model file,
 * fenced by `/*---` and `---*\/`. JSON (not YAML) so there is one unambiguous parser and errors
 * can point at the line. Checks are declared here, beside the SQL they guard.
 */
import { z } from 'zod';
import { checkSchema } from '../quality/types';

const ident = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'lower-case identifier');

export const modelConfigSchema = z
  .object({
    materialized: z.enum(['view', 'table', 'incremental', 'snapshot']),
    description: z.string().default(''),
    tags: z.array(ident).default([]),
    /** Row identity: merge key for incremental, entity key for snapshots, unique check otherwise. */
    unique_key: z.array(ident).default([]),
    partition_by: z.array(ident).default([]),
    /** Incremental: the target column that orders rows in time, and the re-processing window. */
    incremental: z
      .object({ column: ident, lookback: z.string().default('0 seconds') })
      .strict()
      .optional(),
    /** Snapshot (SCD2): which columns define a change; valid_from of the very first load. */
    snapshot: z
      .object({ check_cols: z.array(ident).min(1), initial_valid_from: z.string().optional() })
      .strict()
      .optional(),
    columns: z.record(z.string(), z.string()).default({}),
    checks: z.array(checkSchema).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.materialized === 'incremental' && (!c.incremental || c.unique_key.length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'incremental models need "incremental": {"column", "lookback"} and "unique_key"' });
    }
    if (c.materialized === 'snapshot' && (!c.snapshot || c.unique_key.length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'snapshot models need "snapshot": {"check_cols"} and "unique_key"' });
    }
    if (c.materialized === 'view' && c.partition_by.length > 0) {
      ctx.addIssue({ code: 'custom', message: 'views cannot be partitioned' });
    }
  });

export type ModelConfig = z.output<typeof modelConfigSchema>;
export type Materialization = ModelConfig['materialized'];

/** A problem in a project file, located at file:line. */
export class ModelError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'ModelError';
  }
}

export interface ParsedHeader {
  config: ModelConfig;
  /** SQL after the header, with the header's lines blanked so line numbers stay true. */
  body: string;
}

const OPEN = '/*---';
const CLOSE = '---*/';

export function parseHeader(file: string, text: string): ParsedHeader {
  const start = text.indexOf(OPEN);
  const before = start < 0 ? text : text.slice(0, start);
  if (start < 0 || before.trim().length > 0) {
    throw new ModelError(file, 1, `a model must start with a config header ${OPEN} { "materialized": ... } ${CLOSE}`);
  }
  const end = text.indexOf(CLOSE, start);
  const headerLine = lineOf(text, start);
  if (end < 0) throw new ModelError(file, headerLine, `config header is not closed with ${CLOSE}`);
  const json = text.slice(start + OPEN.length, end);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? headerLine + lineOf(json, Number(pos[1])) - 1 : headerLine;
    throw new ModelError(file, line, `config header is not valid JSON: ${msg}`);
  }
  const parsed = modelConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new ModelError(file, headerLine, `invalid config${path ? ` at "${path}"` : ''}: ${issue?.message ?? 'unknown'}`);
  }
  const headerText = text.slice(0, end + CLOSE.length);
  const body = headerText.replace(/[^\n]/g, ' ') + text.slice(end + CLOSE.length);
  return { config: parsed.data, body };
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
