/**
 * The model graph: topological order with cycle detection, and ancestor/descendant walks.
 */
import { ModelError } from './config';

interface Node {
  name: string;
  file: string;
  dependsOn: string[];
  /** Ordering-only predecessors (models a check reads); defaults to dependsOn. */
  orderAfter?: string[];
  refs: Array<{ name: string; line: number }>;
}

/** Kahn's algorithm with a sorted ready set, so the order is deterministic. */
export function topoOrder(models: Map<string, Node>): { order: string[]; children: Map<string, string[]> } {
  const children = new Map<string, string[]>();
  const after = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const m of models.values()) {
    const preds = m.orderAfter ?? m.dependsOn;
    indegree.set(m.name, preds.length);
    for (const parent of preds) after.set(parent, [...(after.get(parent) ?? []), m.name]);
    for (const parent of m.dependsOn) children.set(parent, [...(children.get(parent) ?? []), m.name]);
  }
  for (const list of children.values()) list.sort();
  const ready = [...models.keys()].filter((n) => indegree.get(n) === 0).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const n = ready.shift() as string;
    order.push(n);
    for (const c of after.get(n) ?? []) {
      const d = (indegree.get(c) ?? 0) - 1;
      indegree.set(c, d);
      if (d === 0) insertSorted(ready, c);
    }
  }
  if (order.length < models.size) {
    const cycle = findCycle(models, new Set(order));
    const first = models.get(cycle[0] ?? '') as Node;
    const ref = first.refs.find((r) => r.name === cycle[1]);
    const via = ref ? '' : ' (through a relationships check)';
    throw new ModelError(first.file, ref?.line ?? 1, `dependency cycle${via}: ${cycle.join(' -> ')}`);
  }
  return { order, children };
}

function insertSorted(list: string[], item: string): void {
  let i = 0;
  while (i < list.length && (list[i] as string) < item) i++;
  list.splice(i, 0, item);
}

/** Returns a cycle as [a, b, ..., a] among the nodes left unordered. */
function findCycle(models: Map<string, Node>, done: Set<string>): string[] {
  const start = [...models.keys()].filter((n) => !done.has(n)).sort()[0] as string;
  const path: string[] = [];
  const onPath = new Map<string, number>();
  let cur = start;
  for (;;) {
    if (onPath.has(cur)) return [...path.slice(onPath.get(cur)), cur];
    onPath.set(cur, path.length);
    path.push(cur);
    const node = models.get(cur);
    const next = (node?.orderAfter ?? node?.dependsOn ?? []).find((d) => !done.has(d));
    if (next === undefined) return [...path, start];
    cur = next;
  }
}

export function descendants(children: Map<string, string[]>, name: string): Set<string> {
  const out = new Set<string>();
  const stack = [...(children.get(name) ?? [])];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (out.has(n)) continue;
    out.add(n);
    stack.push(...(children.get(n) ?? []));
  }
  return out;
}

export function ancestors(models: Map<string, { dependsOn: string[] }>, name: string): Set<string> {
  const out = new Set<string>();
  const stack = [...(models.get(name)?.dependsOn ?? [])];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (out.has(n)) continue;
    out.add(n);
    stack.push(...(models.get(n)?.dependsOn ?? []));
  }
  return out;
}
