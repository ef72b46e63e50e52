// The settings file the desktop app's Connect view imports is the `app_settings` output of each
// environment: jsonencode of an object with a fixed set of fields (documented in infra/README.md).
import type { AstNode } from '../expression';
import { parseTemplate } from '../expression';
import type { Finding } from '../findings';
import type { Rule } from '../rule-kit';

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

export const appSettingsRule: Rule = {
  id: 'FDE_OUT_001',
  title: 'each environment outputs app_settings = jsonencode({...}) with every field the app reads',
  async check(env) {
    if (env.name === 'bootstrap') return [];
    const output = env.root.mod.outputs.get('app_settings');
    const base = { ruleId: 'FDE_OUT_001', env: env.name, address: 'output.app_settings' };
    if (!output) {
      const file = [...env.root.mod.files.keys()][0];
      return [{ ...base, file, line: undefined, message: 'the root module has no app_settings output' }];
    }
    const at = (message: string): Finding => ({ ...base, file: output.file, line: output.line, message });
    const value = output.body.value;
    if (typeof value !== 'string') return [at('app_settings must be jsonencode({...})')];
    let object: AstNode | undefined;
    try {
      object = encodedObject(await parseTemplate(value));
    } catch {
      object = undefined;
    }
    if (!object) return [at('app_settings must be jsonencode of an object literal')];
    const keys = new Set(Object.keys((object.meta.items as Record<string, string>) ?? {}).map((k) => k.replace(/^"|"$/g, '')));
    const missing = APP_SETTINGS_FIELDS.filter((field) => !keys.has(field));
    return missing.length === 0 ? [] : [at(`app_settings lacks ${missing.join(', ')}`)];
  },
};
