// A small evaluator for the Terraform expressions the policy rules need: literals, templates,
// var/local/module/each references (through the scope), conditionals, comparisons and a few
// pure functions. Everything else evaluates to Unresolved with the reason.
import type { AstNode } from './expression';
import { hasInterpolation, parseExpression, parseTemplate } from './expression';
import type { Json } from './tf-module';
import type { Value } from './values';
import { Unresolved, findUnresolved, isObject, isUnresolved, symbol, symbolAddress } from './values';

/** One step of a reference: `.name` (index false) or `[key]` (index true). */
export interface PathPart {
  key: string | number;
  index: boolean;
}

/** Resolves the root of a reference (var.x, local.y, module.m.o, each.value, aws_x.y.id ...). */
export interface EvalScope {
  resolve(parts: PathPart[]): Promise<Value>;
}

/** Evaluates a value as hcl2json emits it (literals as JSON, expressions as `${...}` strings). */
export async function evaluateJson(json: Json | undefined, scope: EvalScope): Promise<Value> {
  if (json === undefined) return new Unresolved('missing');
  if (typeof json === 'string') {
    if (!hasInterpolation(json)) return json;
    let ast: AstNode;
    try {
      ast = await parseTemplate(json);
    } catch (err) {
      return new Unresolved(`cannot parse ${JSON.stringify(json)}: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`);
    }
    return evaluateAst(ast, scope);
  }
  if (Array.isArray(json)) return Promise.all(json.map((item) => evaluateJson(item, scope)));
  if (json !== null && typeof json === 'object') {
    const out: { [key: string]: Value } = {};
    for (const [key, item] of Object.entries(json)) out[key] = await evaluateJson(item, scope);
    return out;
  }
  return json;
}

export async function evaluateAst(node: AstNode, scope: EvalScope): Promise<Value> {
  const meta = node.meta;
  switch (node.type) {
    case 'templateWrap':
      return node.children[0] ? evaluateAst(node.children[0], scope) : new Unresolved('empty template');
    case 'template': {
      let out = '';
      for (const child of node.children) {
        const part = await evaluateAst(child, scope);
        if (isUnresolved(part)) return part;
        if (typeof part === 'object') return new Unresolved(`a template embeds a collection: ${String(meta.value)}`);
        out += part === null ? '' : String(part);
      }
      return out;
    }
    case 'literalValue':
      return literal(String(meta.type), String(meta.value));
    case 'tuple':
      return Promise.all(node.children.map((child) => evaluateAst(child, scope)));
    case 'object':
      return evaluateObject(meta.items as Record<string, string>, scope);
    case 'scopeTraversal':
      return scope.resolve(traversalParts(meta.traversal));
    case 'relativeTraversal': {
      const source = node.children[0] ? await evaluateAst(node.children[0], scope) : new Unresolved('no source');
      return getPath(source, traversalParts(meta.traversal));
    }
    case 'index': {
      const [collectionNode, keyNode] = node.children;
      if (!collectionNode || !keyNode) return new Unresolved('malformed index');
      const key = await evaluateAst(keyNode, scope);
      if (typeof key !== 'string' && typeof key !== 'number') return new Unresolved(`index key is not known: ${String(meta.keyExpression)}`);
      return getPath(await evaluateAst(collectionNode, scope), [{ key, index: true }]);
    }
    case 'conditional': {
      const [condNode, yes, no] = node.children;
      if (!condNode || !yes || !no) return new Unresolved('malformed conditional');
      const cond = await evaluateAst(condNode, scope);
      if (typeof cond !== 'boolean') return new Unresolved(`condition not known: ${String(meta.conditionExpression)}`);
      return evaluateAst(cond ? yes : no, scope);
    }
    case 'unaryOp':
      return unary(String(meta.operator), node.children[0] ? await evaluateAst(node.children[0], scope) : null);
    case 'binaryOp': {
      const [lhs, rhs] = node.children;
      if (!lhs || !rhs) return new Unresolved('malformed operator');
      return binary(String(meta.operator), await evaluateAst(lhs, scope), await evaluateAst(rhs, scope));
    }
    case 'function': {
      const args = await Promise.all(node.children.map((child) => evaluateAst(child, scope)));
      return callFunction(String(meta.name), args);
    }
    default:
      return new Unresolved(`${node.type || 'this'} expression is not evaluated offline: ${String(meta.value ?? '')}`);
  }
}

function literal(type: string, text: string): Value {
  if (type === 'bool') return text === 'true';
  if (type === 'number') return Number(text);
  if (type === 'dynamic' && text === 'null') return null;
  return text;
}

async function evaluateObject(items: Record<string, string>, scope: EvalScope): Promise<Value> {
  const out: { [key: string]: Value } = {};
  for (const [rawKey, expr] of Object.entries(items ?? {})) {
    const key = rawKey.startsWith('"') ? (JSON.parse(rawKey) as string) : rawKey;
    out[key] = await evaluateAst(await parseExpression(expr), scope);
  }
  return out;
}

function traversalParts(traversal: unknown): PathPart[] {
  const parts: PathPart[] = [];
  for (const step of (traversal as { type: string; segment: string }[]) ?? []) {
    if (step.type === 'indexTraversal') {
      const seg = step.segment;
      parts.push({ key: /^\d+$/.test(seg) ? Number(seg) : (JSON.parse(seg) as string), index: true });
    } else parts.push({ key: step.segment, index: false });
  }
  return parts;
}

/** Walks attributes and indexes into a value; symbolic references grow instead. */
export function getPath(value: Value, parts: PathPart[]): Value {
  let current = value;
  for (const { key, index } of parts) {
    if (isUnresolved(current)) return current;
    const address = symbolAddress(current);
    if (address !== undefined) {
      // An instance key right after a bare resource reference belongs to its address.
      if (index && current === symbol(address)) current = symbol(`${address}[${JSON.stringify(key)}]`);
      else current = index ? `${current as string}[${JSON.stringify(key)}]` : `${current as string}.${key}`;
      continue;
    }
    if (Array.isArray(current) && typeof key === 'number') current = current[key] ?? new Unresolved(`index ${key} out of range`);
    else if (isObject(current) && String(key) in current) current = current[String(key)] as Value;
    else return new Unresolved(`no attribute or key ${JSON.stringify(key)}`);
  }
  return current;
}

function unary(op: string, value: Value): Value {
  if (isUnresolved(value)) return value;
  if (op === 'logicalNot' && typeof value === 'boolean') return !value;
  if (op === 'negate' && typeof value === 'number') return -value;
  return new Unresolved(`operator ${op} on ${JSON.stringify(value)}`);
}

function binary(op: string, a: Value, b: Value): Value {
  if (op === 'equal' || op === 'notEqual') {
    const eq = equals(a, b);
    if (typeof eq !== 'boolean') return eq;
    return op === 'equal' ? eq : !eq;
  }
  if (isUnresolved(a)) return a;
  if (isUnresolved(b)) return b;
  if (op === 'logicalAnd' || op === 'logicalOr') {
    if (typeof a !== 'boolean' || typeof b !== 'boolean') return new Unresolved(`${op} needs booleans`);
    return op === 'logicalAnd' ? a && b : a || b;
  }
  if (typeof a !== 'number' || typeof b !== 'number') return new Unresolved(`${op} needs numbers`);
  switch (op) {
    case 'greaterThan': return a > b;
    case 'greaterThanOrEqual': return a >= b;
    case 'lessThan': return a < b;
    case 'lessThanOrEqual': return a <= b;
    case 'add': return a + b;
    case 'subtract': return a - b;
    case 'multiply': return a * b;
    case 'divide': return a / b;
    case 'modulo': return a % b;
    default: return new Unresolved(`operator ${op}`);
  }
}

/** Equality that knows a symbolic reference is never null but can't be compared to a literal. */
function equals(a: Value, b: Value): boolean | Unresolved {
  const unresolved = findUnresolved(a) ?? findUnresolved(b);
  if (unresolved) return unresolved;
  const symA = symbolAddress(a) !== undefined;
  const symB = symbolAddress(b) !== undefined;
  if (symA || symB) {
    if (a === null || b === null) return false;
    if (a === b) return true;
    return new Unresolved('comparison with a value known only after apply');
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function callFunction(name: string, args: Value[]): Value {
  const unresolved = args.map(findUnresolved).find((u) => u !== undefined);
  if (unresolved) return unresolved;
  const [first] = args;
  switch (name) {
    case 'toset':
      return Array.isArray(first) ? [...new Map(first.map((v) => [JSON.stringify(v), v])).values()] : new Unresolved('toset needs a list');
    case 'tolist':
      return Array.isArray(first) ? first : new Unresolved('tolist needs a list');
    case 'tomap':
      return isObject(first as Value) ? (first as Value) : new Unresolved('tomap needs an object');
    case 'lower':
      return typeof first === 'string' && symbolAddress(first) === undefined ? first.toLowerCase() : new Unresolved('lower needs a known string');
    case 'upper':
      return typeof first === 'string' && symbolAddress(first) === undefined ? first.toUpperCase() : new Unresolved('upper needs a known string');
    case 'length':
      if (Array.isArray(first)) return first.length;
      if (isObject(first as Value)) return Object.keys(first as object).length;
      return new Unresolved('length needs a collection');
    case 'contains':
      return Array.isArray(first) ? first.some((v) => JSON.stringify(v) === JSON.stringify(args[1])) : new Unresolved('contains needs a list');
    case 'concat':
      return args.every(Array.isArray) ? (args as Value[][]).flat() : new Unresolved('concat needs lists');
    case 'merge':
      return args.every((a) => isObject(a)) ? Object.assign({}, ...(args as object[])) as Value : new Unresolved('merge needs objects');
    default:
      return new Unresolved(`function ${name}() is not evaluated offline`);
  }
}
