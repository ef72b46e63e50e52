// The settings file the desktop app's Connect view imports is the `app_settings` output of each
// environment: jsonencode of an object with a fixed set of fields (documented in infra/README.md).
// A root may re-export a module's output (`value = module.stack.app_settings`); the rule follows
// such plain references down to the output that builds the document and checks that one.
import type { AstNode } from '../expression';
import { parseTemplate } from '../expression';
import type { Finding } from '../findings';
import type { ModuleInstance } from '../instantiate';
import type { Rule } from '../rule-kit';
import type { Block } from '../tf-module';

export const APP_SETTINGS_FIELDS = [
  'tenantId', 'clientId', 'authority', 'lakeUrl', 'blobEndpoint', 'postgresHost', 'postgresDatabase', 'storageScope',
] as const;

/** The object literal inside `jsonencode({...})`, if that is what the expression is. */
function encodedObject(ast: AstNode): AstNode | undefined {
  const call = ast.type === 'templateWrap' ? ast.children[0] : ast;
  if (call?.type !== 'function' || call.meta.name !== 'jsonencode') return undefined;
  const arg = call.children[0];
  return arg?.type === 'object' ? arg : undefined;
}

/** `[module name, output name]` when the expression is exactly `module.<name>.<output>`. */
function moduleOutputReference(ast: AstNode): [string, string] | undefined {
  const inner = ast.type === 'templateWrap' ? ast.children[0] : undefined;
  if (inner?.type !== 'scopeTraversal') return undefined;
  const steps = (inner.meta.traversal as { type: string; segment: string }[] | undefined) ?? [];
  if (steps.length !== 3 || steps.some((s) => s.type !== 'nameTraversal')) return undefined;
  const [head, moduleName, outputName] = steps.map((s) => s.segment);
  return head === 'module' && moduleName && outputName ? [moduleName, outputName] : undefined;
}

async function parse(value: string): Promise<AstNode | undefined> {
  try {
    return await parseTemplate(value);
  } catch {
    return undefined;
  }
}

export const appSettingsRule: Rule = {
  id: 'FDE_OUT_001',
  title: 'each environment outputs app_settings = jsonencode({...}) with every field the app reads',
  async check(env) {
    if (env.name === 'bootstrap') return [];
    let instance: ModuleInstance = env.root;
    let output: Block | undefined = instance.mod.outputs.get('app_settings');
    const base = { ruleId: 'FDE_OUT_001', env: env.name, address: 'output.app_settings' };
    if (!output) {
      const file = [...env.root.mod.files.keys()][0];
      return [{ ...base, file, line: undefined, message: 'the root module has no app_settings output' }];
    }
    // Each step goes one module down the (finite) module tree, so this ends.
    for (;;) {
      const current: Block = output;
      const at = (message: string): Finding => ({ ...base, address: `${instance.prefix}output.${current.labels[0] ?? ''}`, file: current.file, line: current.line, message });
      const value = current.body.value;
      if (typeof value !== 'string') return [at('app_settings must be jsonencode({...})')];
      const ast = await parse(value);
      const reference = ast && moduleOutputReference(ast);
      if (reference) {
        const [moduleName, outputName] = reference;
        const child = instance.children.get(moduleName);
        const next = child?.mod.outputs.get(outputName);
        if (!child || !next) return [at(`app_settings re-exports module.${moduleName}.${outputName}, which the checker cannot follow to an output`)];
        instance = child;
        output = next;
        continue;
      }
      const object = ast && encodedObject(ast);
      if (!object) return [at('app_settings must be jsonencode of an object literal (or re-export a module output that is)')];
      const keys = new Set(Object.keys((object.meta.items as Record<string, string>) ?? {}).map((k) => k.replace(/^"|"$/g, '')));
      const missing = APP_SETTINGS_FIELDS.filter((field) => !keys.has(field));
      return missing.length === 0 ? [] : [at(`app_settings lacks ${missing.join(', ')}`)];
    }
  },
};
