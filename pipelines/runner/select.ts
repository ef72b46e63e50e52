/**
 * dbt-style node selection. A selector string holds space- or comma-separated terms (union):
 *   model      just that model
 *   model+     it and everything downstream
 *   +model     it and everything upstream
 *   +model+    both
 *   tag:x      every model tagged x (also accepts + on either side)
 *   layer:x    every model in the staging/silver/gold folder x
 */
import { ancestors, descendants } from './dag';
import type { Project } from './project';

export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

/** Returns the selected model names in DAG order; everything when the selector is empty. */
export function selectModels(project: Project, selector?: string | string[]): string[] {
  const terms = (Array.isArray(selector) ? selector.join(' ') : (selector ?? ''))
    .split(/[\s,]+/)
    .filter((t) => t.length > 0);
  if (terms.length === 0) return [...project.order];
  const chosen = new Set<string>();
  for (const term of terms) {
    const up = term.startsWith('+');
    const down = term.endsWith('+') && term.length > 1;
    const core = term.slice(up ? 1 : 0, down ? -1 : undefined);
    const seeds = resolveCore(project, core);
    for (const seed of seeds) {
      chosen.add(seed);
      if (up) for (const a of ancestors(project.models, seed)) chosen.add(a);
      if (down) for (const d of descendants(project.children, seed)) chosen.add(d);
    }
  }
  return project.order.filter((n) => chosen.has(n));
}

function resolveCore(project: Project, core: string): string[] {
  if (core.startsWith('tag:')) {
    const tag = core.slice(4);
    const hits = [...project.models.values()].filter((m) => m.config.tags.includes(tag)).map((m) => m.name);
    if (hits.length === 0) throw new SelectionError(`no model has tag "${tag}"`);
    return hits;
  }
  if (core.startsWith('layer:')) {
    const layer = core.slice(6);
    const hits = [...project.models.values()].filter((m) => m.layer === layer).map((m) => m.name);
    if (hits.length === 0) throw new SelectionError(`no model in layer "${layer}"`);
    return hits;
  }
  if (!project.models.has(core)) throw new SelectionError(`no model named "${core}"`);
  return [core];
}
