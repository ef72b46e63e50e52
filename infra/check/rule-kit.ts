// What policy rules are made of: reading an attribute of a resource instance (through blocks,
// evaluated in the instance's scope) and turning what was found into findings that fail closed.
import { evaluateJson } from './evaluate';
import type { Finding } from './findings';
import type { Environment, ResourceInstance } from './instantiate';
import type { Json } from './tf-module';
import { attributeLine } from './line-locator';
import type { Value } from './values';
import { Unresolved, describe, findUnresolved, symbol } from './values';

export interface Rule {
  id: string;
  title: string;
  check(env: Environment): Promise<Finding[]>;
}

export type Attr = { present: false } | { present: true; value: Value };

/** Reads `a.b.c` from a resource: blocks are followed into their first (only) instance. */
export async function readAttr(res: ResourceInstance, attrPath: string): Promise<Attr> {
  let body: Json = res.block.body;
  const parts = attrPath.split('.');
  for (const [i, part] of parts.entries()) {
    if (!isJsonObject(body)) return { present: false };
    if (!(part in body)) {
      const dynamic = body.dynamic;
      if (isJsonObject(dynamic) && part in dynamic) {
        return { present: true, value: new Unresolved(`${parts.slice(0, i + 1).join('.')} is a dynamic block`) };
      }
      return { present: false };
    }
    let next = body[part] as Json;
    if (i < parts.length - 1 && Array.isArray(next)) {
      if (next.length !== 1) return { present: true, value: new Unresolved(`${part} has ${next.length} blocks`) };
      next = next[0] as Json;
    }
    body = next;
  }
  return { present: true, value: await evaluateJson(body, res.scope) };
}

function isJsonObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function resourcesOf(env: Environment, type: string): ResourceInstance[] {
  return env.resources.filter((r) => r.kind === 'resource' && r.type === type);
}

/** The symbolic id of a resource instance, as references to `<address>.id` evaluate. */
export const idOf = (res: ResourceInstance): string => symbol(res.address, '.id');

export function finding(env: Environment, res: ResourceInstance, ruleId: string, message: string, attrPath?: string): Finding {
  const text = res.module.mod.files.get(res.block.file) ?? '';
  const attrLine = attrPath && res.block.line ? attributeLine(text, res.block.line, attrPath.split('.')[0] ?? '') : undefined;
  return { ruleId, env: env.name, address: res.address, file: res.block.file, line: attrLine ?? res.block.line, message };
}

export interface AttributeRuleSpec {
  id: string;
  title: string;
  type: string;
  attribute: string;
  /** Alternative names of the same setting (provider renames); the first present one counts. */
  aliases?: string[];
  expected: string;
  accept(value: Value): boolean;
  appliesTo?(env: Environment): boolean;
  /** Further condition on the resource (e.g. only accounts without a hierarchical namespace). */
  when?(res: ResourceInstance): Promise<boolean>;
}

/**
 * A rule on one attribute. Missing, unresolvable and wrong values are all findings: every
 * setting the policy relies on must be written down and provable offline.
 */
export function attributeRule(spec: AttributeRuleSpec): Rule {
  return {
    id: spec.id,
    title: spec.title,
    async check(env) {
      if (spec.appliesTo && !spec.appliesTo(env)) return [];
      const out: Finding[] = [];
      for (const res of resourcesOf(env, spec.type)) {
        if (spec.when && !(await spec.when(res))) continue;
        let name = spec.attribute;
        let attr = await readAttr(res, name);
        for (const alias of spec.aliases ?? []) {
          if (attr.present) break;
          name = alias;
          attr = await readAttr(res, alias);
        }
        const problem = judge(attr, spec.attribute, spec.expected, spec.accept);
        if (problem) out.push(finding(env, res, spec.id, `${problem} (${spec.title})`, attr.present ? name : undefined));
      }
      return out;
    },
  };
}

/** Undefined when the value is acceptable, else what is wrong with it. */
export function judge(attr: Attr, name: string, expected: string, accept: (v: Value) => boolean): string | undefined {
  if (!attr.present) return `${name} is not set; the policy needs ${name} = ${expected} written explicitly`;
  const unresolved = findUnresolved(attr.value);
  if (unresolved) return `${name} cannot be resolved offline (${unresolved.reason}); failing closed`;
  if (!accept(attr.value)) return `${name} = ${describe(attr.value)}; expected ${expected}`;
  return undefined;
}

/** True when a value is, or holds, the exact string. */
export const is = (expected: Value) => (value: Value): boolean => value === expected;
export const oneOf = (...allowed: Value[]) => (value: Value): boolean => allowed.includes(value);
export const atLeast = (min: number) => (value: Value): boolean => typeof value === 'number' && value >= min;
