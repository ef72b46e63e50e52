// Each data service is reachable through a private endpoint in the environment's VNet
// (checkov's graph checks CKV2_AZURE_33, CKV2_AZURE_32, CKV2_AZURE_57).
import type { Finding } from '../findings';
import type { Environment } from '../instantiate';
import type { Rule } from '../rule-kit';
import { finding, idOf, readAttr, resourcesOf } from '../rule-kit';

function privateEndpointRule(id: string, type: string, what: string): Rule {
  return {
    id,
    title: `${what} is configured with a private endpoint`,
    async check(env: Environment) {
      const targets = new Set<unknown>();
      for (const pe of resourcesOf(env, 'azurerm_private_endpoint')) {
        const target = await readAttr(pe, 'private_service_connection.private_connection_resource_id');
        if (target.present) targets.add(target.value);
      }
      const out: Finding[] = [];
      for (const res of resourcesOf(env, type)) {
        if (!targets.has(idOf(res))) {
          out.push(finding(env, res, id, `no azurerm_private_endpoint in this environment connects to ${res.address} (${what} must be reached privately)`));
        }
      }
      return out;
    },
  };
}

export const privateEndpointRules: Rule[] = [
  privateEndpointRule('CKV2_AZURE_33', 'azurerm_storage_account', 'a storage account'),
  privateEndpointRule('CKV2_AZURE_32', 'azurerm_key_vault', 'a key vault'),
  privateEndpointRule('CKV2_AZURE_57', 'azurerm_postgresql_flexible_server', 'a PostgreSQL flexible server'),
];
