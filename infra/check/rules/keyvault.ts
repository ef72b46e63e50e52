// Key Vault rules.
import type { Rule } from '../rule-kit';
import { atLeast, attributeRule, is } from '../rule-kit';

const KV = 'azurerm_key_vault';

export const keyVaultRules: Rule[] = [
  attributeRule({ id: 'CKV_AZURE_110', title: 'key vaults enable purge protection', type: KV, attribute: 'purge_protection_enabled', expected: 'true', accept: is(true) }),
  // Soft delete is always on in azurerm 4.x (CKV_AZURE_111 inspects the removed soft_delete_enabled);
  // what remains to prove is the retention window.
  attributeRule({ id: 'FDE_KV_001', title: 'key vault soft delete keeps deleted items 7 days or more', type: KV, attribute: 'soft_delete_retention_days', expected: '>= 7', accept: atLeast(7) }),
  attributeRule({ id: 'FDE_KV_002', title: 'key vaults use RBAC authorization, not access policies', type: KV, attribute: 'enable_rbac_authorization', aliases: ['rbac_authorization_enabled'], expected: 'true', accept: is(true) }),
  attributeRule({ id: 'CKV_AZURE_109', title: 'key vault network ACLs deny by default', type: KV, attribute: 'network_acls.default_action', expected: '"Deny"', accept: is('Deny') }),
  attributeRule({ id: 'CKV_AZURE_189', title: 'key vaults disable public network access', type: KV, attribute: 'public_network_access_enabled', expected: 'false', accept: is(false) }),
];
