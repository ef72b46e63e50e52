// Structure checks that need no provider schema: module calls pass only declared variables and
// every required one, references to module outputs, variables and locals point at something
// that exists, and every expression parses.
import type { AstNode } from './expression';
import { hasInterpolation, parseTemplate } from './expression';
import type { Finding } from './findings';
import type { Environment, ModuleInstance } from './instantiate';
import { isMetaArgument } from './instantiate';
import { attributeLine } from './line-locator';
import type { Block, Json } from './tf-module';

export async function checkModules(env: Environment): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const instance of env.modules) {
    out.push(...checkCalls(env, instance));
    out.push(...(await checkReferences(env, instance)));
  }
  return out;
}

function checkCalls(env: Environment, instance: ModuleInstance): Finding[] {
  const out: Finding[] = [];
  for (const [callName, child] of instance.children) {
    const call = child.caller?.call;
    if (!call) continue;
    const at = (ruleId: string, message: string, attr?: string): Finding => ({
      ruleId, env: env.name, address: child.address, file: call.file,
      line: lineOf(instance, call, attr), message,
    });
    for (const arg of Object.keys(call.body)) {
      if (!isMetaArgument(arg) && !child.mod.variables.has(arg)) {
        out.push(at('FDE_MOD_001', `passes "${arg}", which ${child.mod.dir} does not declare as a variable`, arg));
      }
    }
    for (const [name, variable] of child.mod.variables) {
      if (!('default' in variable.body) && !(name in call.body)) {
        out.push(at('FDE_MOD_002', `does not pass the required variable "${name}" (module "${callName}" declares it without a default)`));
      }
    }
  }
  return out;
}

async function checkReferences(env: Environment, instance: ModuleInstance): Promise<Finding[]> {
  const out: Finding[] = [];
  const mod = instance.mod;
  const blocks: [string, Block][] = [
    ...mod.resources.map((b): [string, Block] => [`${instance.prefix}${b.labels.join('.')}`, b]),
    ...mod.data.map((b): [string, Block] => [`${instance.prefix}data.${b.labels.join('.')}`, b]),
    ...[...mod.moduleCalls].map(([n, b]): [string, Block] => [`${instance.prefix}module.${n}`, b]),
    ...[...mod.outputs].map(([n, b]): [string, Block] => [`${instance.prefix}output.${n}`, b]),
    ...[...mod.variables].map(([n, b]): [string, Block] => [`${instance.prefix}var.${n}`, b]),
  ];
  for (const [name, local] of mod.locals) {
    blocks.push([`${instance.prefix}local.${name}`, { labels: [name], body: { [name]: local.expr }, file: local.file, line: undefined }]);
  }
  for (const [address, block] of blocks) {
    for (const [attr, value] of Object.entries(block.body)) {
      for (const text of strings(value)) {
        const at = (ruleId: string, message: string): void => {
          out.push({ ruleId, env: env.name, address, file: block.file, line: lineOf(instance, block, attr), message });
        };
        let ast: AstNode;
        try {
          ast = await parseTemplate(text);
        } catch (err) {
          at('FDE_EVAL_002', `expression cannot be parsed: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`);
          continue;
        }
        for (const ref of traversals(ast)) {
          const [head, first, second] = ref;
          if (head === 'var' && first && !mod.variables.has(first)) at('FDE_MOD_004', `refers to var.${first}, which is not declared`);
          if (head === 'local' && first && !mod.locals.has(first)) at('FDE_MOD_004', `refers to local.${first}, which is not defined`);
          if (head === 'module' && first) {
            const child = instance.children.get(first);
            if (!mod.moduleCalls.has(first)) at('FDE_MOD_003', `refers to module.${first}, which is not called here`);
            else if (child && second && !child.mod.outputs.has(second)) at('FDE_MOD_003', `refers to module.${first}.${second}, but ${child.mod.dir} has no output "${second}"`);
          }
        }
      }
    }
  }
  return out;
}

function lineOf(instance: ModuleInstance, block: Block, attr?: string): number | undefined {
  const text = instance.mod.files.get(block.file) ?? '';
  return (attr && block.line ? attributeLine(text, block.line, attr) : undefined) ?? block.line;
}

/** Every expression string inside a JSON value. */
function strings(value: Json): string[] {
  if (typeof value === 'string') return hasInterpolation(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Name segments of every reference (scope traversal) in a syntax tree. */
function traversals(node: AstNode): string[][] {
  const out: string[][] = [];
  if (node.type === 'scopeTraversal') {
    out.push(((node.meta.traversal as { type: string; segment: string }[]) ?? [])
      .filter((s) => s.type === 'nameTraversal').map((s) => s.segment));
  }
  for (const child of node.children ?? []) out.push(...traversals(child));
  return out;
}
