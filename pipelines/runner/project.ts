/**
 * A model project: SQL files plus a sources declaration, parsed and wired into a DAG.
 * Pure: the caller supplies file contents (the host reads them from disk).
 */
import { ModelError, parseHeader, type ModelConfig } from './config';
import { scanTemplate, type RefUse, type SourceUse } from './template';
import { bindChecks } from '../quality/compile';
import type { BoundCheck } from '../quality/types';
import { topoOrder } from './dag';

export const MODEL_LAYERS = ['staging', 'silver', 'gold'] as const;
export type ModelLayer = (typeof MODEL_LAYERS)[number];

export interface ProjectFile {
  /** Path relative to the project root, such as "silver/trades.sql" (used in error messages). */
  path: string;
  text: string;
}

export interface SourceDecl {
  /** "layer.table", for example "bronze.alpaca_trades". */
  id: string;
  description: string;
  /** Column name -> DuckDB type; lets the host stand in an empty typed relation for a missing table. */
  columns: Record<string, string>;
}

export interface Model {
  name: string;
  layer: ModelLayer;
  relation: string;
  file: string;
  config: ModelConfig;
  body: string;
  refs: RefUse[];
  sources: SourceUse[];
  /** Distinct upstream model names. */
  dependsOn: string[];
  /** dependsOn plus models its relationships checks read: they must be built first. */
  orderAfter: string[];
  checks: BoundCheck[];
  /** FNV-1a of header + body, part of the fingerprint that decides whether a model is stale. */
  sqlHash: string;
}

export interface Project {
  models: Map<string, Model>;
  sources: Map<string, SourceDecl>;
  /** Topological order (parents before children), ties broken by name for determinism. */
  order: string[];
  children: Map<string, string[]>;
}

export function parseSources(file: ProjectFile): Map<string, SourceDecl> {
  let raw: unknown;
  try {
    raw = JSON.parse(file.text);
  } catch (error) {
    throw new ModelError(file.path, 1, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const out = new Map<string, SourceDecl>();
  const sources = (raw as { sources?: Record<string, { description?: string; columns?: Record<string, string> }> }).sources;
  if (!sources || typeof sources !== 'object') throw new ModelError(file.path, 1, 'expected {"sources": {"layer.table": {...}}}');
  for (const [id, decl] of Object.entries(sources)) {
    if (!/^(bronze|silver|gold|meta)\.[a-z_][a-z0-9_]*$/.test(id)) throw new ModelError(file.path, 1, `bad source id "${id}" (layer.table)`);
    out.set(id, { id, description: decl.description ?? '', columns: decl.columns ?? {} });
  }
  return out;
}

export function loadProject(files: ProjectFile[], sourcesFile?: ProjectFile): Project {
  const sources = sourcesFile ? parseSources(sourcesFile) : new Map<string, SourceDecl>();
  const models = new Map<string, Model>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const parts = file.path.split('/');
    const fileName = parts.at(-1) ?? '';
    const layer = parts.at(-2) as ModelLayer;
    if (!fileName.endsWith('.sql')) continue;
    if (!MODEL_LAYERS.includes(layer)) throw new ModelError(file.path, 1, `models live in ${MODEL_LAYERS.join('/, ')}/ folders`);
    const name = fileName.slice(0, -4);
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new ModelError(file.path, 1, `model file names must be lower-case identifiers`);
    const prior = models.get(name);
    if (prior) throw new ModelError(file.path, 1, `model "${name}" is already defined in ${prior.file}`);
    const { config, body } = parseHeader(file.path, file.text);
    const { refs, sources: used } = scanTemplate(body);
    for (const s of used) {
      if (!sources.has(`${s.layer}.${s.table}`)) {
        throw new ModelError(file.path, s.line, `source('${s.layer}', '${s.table}') is not declared in sources.json`);
      }
    }
    models.set(name, {
      name,
      layer,
      relation: `${layer}.${name}`,
      file: file.path,
      config,
      body,
      refs,
      sources: used,
      dependsOn: [...new Set(refs.map((r) => r.name))].sort(),
      orderAfter: [...new Set([...refs.map((r) => r.name), ...config.checks.flatMap((c) => (c.type === 'relationships' && c.to !== name ? [c.to] : []))])].sort(),
      checks: bindChecks(name, config.checks),
      sqlHash: fnv(file.text),
    });
  }
  for (const model of models.values()) {
    for (const ref of model.refs) {
      if (!models.has(ref.name)) {
        const hint = closest(ref.name, [...models.keys()]);
        throw new ModelError(model.file, ref.line, `ref('${ref.name}') names no model${hint ? ` (did you mean '${hint}'?)` : ''}`);
      }
      if (ref.name === model.name) throw new ModelError(model.file, ref.line, `model refers to itself; use {{ this }}`);
    }
    for (const bound of model.checks) {
      if (bound.check.type === 'relationships' && !models.has(bound.check.to)) {
        throw new ModelError(model.file, 1, `check ${bound.id}: relationships.to '${bound.check.to}' names no model`);
      }
    }
  }
  const { order, children } = topoOrder(models);
  return { models, sources, order, children };
}

export function fnv(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2246822519);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = levenshtein(name, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
