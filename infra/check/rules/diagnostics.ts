// Audit logs of the lake, the vault and the database go to Log Analytics (FDE_MON_001), and
// environments keep their state remotely with Entra auth (FDE_STATE_001).
import type { Finding } from '../findings';
import type { Environment, ResourceInstance } from '../instantiate';
import type { Rule } from '../rule-kit';
import { finding, idOf, readAttr, resourcesOf } from '../rule-kit';
import { symbolAddress } from '../values';

/** Environments that hold data; bootstrap only holds the state account and has no workspace. */
const isDataEnvironment = (env: Environment): boolean => env.name !== 'bootstrap';

const TARGETS: [string, (res: ResourceInstance) => string, string][] = [
  // Storage logs exist per service; the lake is read and written through its blob service.
  ['azurerm_storage_account', (res) => `${idOf(res)}/blobServices/default`, 'its blob service'],
  ['azurerm_key_vault', idOf, 'it'],
  ['azurerm_postgresql_flexible_server', idOf, 'it'],
];

export const diagnosticsRule: Rule = {
  id: 'FDE_MON_001',
  title: 'storage, Key Vault and PostgreSQL send their logs to Log Analytics',
  async check(env) {
    if (!isDataEnvironment(env)) return [];
    const settings: { target: unknown; workspace: unknown; logs: boolean }[] = [];
    for (const ds of resourcesOf(env, 'azurerm_monitor_diagnostic_setting')) {
      const target = await readAttr(ds, 'target_resource_id');
      const workspace = await readAttr(ds, 'log_analytics_workspace_id');
      const logs = 'enabled_log' in ds.block.body;
      settings.push({ target: target.present ? target.value : undefined, workspace: workspace.present ? workspace.value : undefined, logs });
    }
    const out: Finding[] = [];
    for (const [type, targetOf, what] of TARGETS) {
      for (const res of resourcesOf(env, type)) {
        const ok = settings.some((s) => s.target === targetOf(res) && s.logs
          && (symbolAddress(s.workspace as string)?.includes('azurerm_log_analytics_workspace.') ?? false));
        if (!ok) out.push(finding(env, res, 'FDE_MON_001', `no diagnostic setting sends the logs of ${what} to a Log Analytics workspace (expected target ${targetOf(res)})`));
      }
    }
    return out;
  },
};

export const stateBackendRule: Rule = {
  id: 'FDE_STATE_001',
  title: 'environments keep state in the azurerm backend with Entra auth',
  async check(env) {
    if (!isDataEnvironment(env)) return [];
    const root = env.root.mod;
    for (const tf of root.terraform) {
      const backend = tf.body.backend;
      const azurerm = backend && typeof backend === 'object' && !Array.isArray(backend) ? backend.azurerm : undefined;
      const config = Array.isArray(azurerm) ? azurerm[0] : undefined;
      if (config && typeof config === 'object' && !Array.isArray(config) && config.use_azuread_auth === true) return [];
    }
    const file = root.terraform[0]?.file;
    return [{
      ruleId: 'FDE_STATE_001', env: env.name, address: 'terraform.backend', file, line: root.terraform[0]?.line,
      message: 'the root module needs backend "azurerm" { use_azuread_auth = true } (remote state, no account keys)',
    }];
  },
};
