// Every rule fails on a copy of the real modules with that one setting made insecure or
// removed, and the real modules pass them all.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Edit } from './fixtures';
import { applyEdit, copyInfra, realInfraDir, removeDir } from './fixtures';
import type { Finding } from './findings';
import type { ResourceInstance } from './instantiate';
import { buildEnvironment } from './instantiate';
import { allRules } from './rules/index';
import { runChecks } from './run-checks';

const LAKE = 'modules/lake/main.tf';
const KV = 'modules/keyvault/main.tf';
const PG = 'modules/postgres/main.tf';
const ID = 'modules/identity/main.tf';
const STACK = 'modules/stack/main.tf';
const STACK_OUT = 'modules/stack/outputs.tf';
const DEV = 'envs/dev/main.tf';
const PROD = 'envs/prod/main.tf';

interface Case {
  name: string;
  rule: string;
  edits: Edit[];
  /** Environment the finding must be reported for (default: any). */
  env?: string;
  /** Text the finding's message must contain. */
  message?: string;
}

const cases: Case[] = [
  // Storage
  { name: 'lake public network access on', rule: 'CKV_AZURE_59', edits: [{ file: LAKE, from: 'public_network_access_enabled     = false', to: 'public_network_access_enabled     = true' }] },
  { name: 'lake public network access removed (provider default is on)', rule: 'CKV_AZURE_59', message: 'is not set', edits: [{ file: LAKE, from: /\n\s*public_network_access_enabled\s*= false/, to: '' }] },
  { name: 'lake HTTPS-only off', rule: 'CKV_AZURE_3', edits: [{ file: LAKE, from: 'https_traffic_only_enabled        = true', to: 'https_traffic_only_enabled        = false' }] },
  { name: 'lake TLS 1.0', rule: 'CKV_AZURE_44', edits: [{ file: LAKE, from: '"TLS1_2"', to: '"TLS1_0"' }] },
  { name: 'lake shared-key access on', rule: 'CKV2_AZURE_40', edits: [{ file: LAKE, from: 'shared_access_key_enabled         = false', to: 'shared_access_key_enabled         = true' }] },
  { name: 'lake shared-key setting removed (provider default is on)', rule: 'CKV2_AZURE_40', message: 'is not set', edits: [{ file: LAKE, from: /\n\s*shared_access_key_enabled\s*= false/, to: '' }] },
  { name: 'state account shared-key access on', rule: 'CKV2_AZURE_40', env: 'bootstrap', edits: [{ file: 'bootstrap/main.tf', from: 'shared_access_key_enabled         = false', to: 'shared_access_key_enabled         = true' }] },
  { name: 'lake blobs may be made public', rule: 'CKV_AZURE_190', edits: [{ file: LAKE, from: 'allow_nested_items_to_be_public   = false', to: 'allow_nested_items_to_be_public   = true' }] },
  { name: 'lake network rules allow by default', rule: 'CKV_AZURE_35', edits: [{ file: LAKE, from: 'default_action = "Deny"', to: 'default_action = "Allow"' }] },
  { name: 'lake local users on', rule: 'CKV_AZURE_244', edits: [{ file: LAKE, from: 'local_user_enabled                = false', to: 'local_user_enabled                = true' }] },
  { name: 'blob soft delete of 1 day passed from the stack', rule: 'CKV2_AZURE_38', env: 'dev', edits: [{ file: STACK, from: 'soft_delete_days       = 14', to: 'soft_delete_days       = 1' }] },
  { name: 'container soft delete removed', rule: 'FDE_STG_001', edits: [{ file: LAKE, from: /\n\s*container_delete_retention_policy \{[^}]*\}/, to: '' }] },
  { name: 'infrastructure encryption off', rule: 'FDE_STG_002', edits: [{ file: LAKE, from: 'infrastructure_encryption_enabled = true', to: 'infrastructure_encryption_enabled = false' }] },
  { name: 'state account versioning off', rule: 'FDE_STG_003', env: 'bootstrap', edits: [{ file: 'bootstrap/main.tf', from: 'versioning_enabled = true', to: 'versioning_enabled = false' }] },
  { name: 'prod lake locally redundant (value set in the prod root)', rule: 'CKV_AZURE_206', env: 'prod', edits: [{ file: PROD, from: 'lake_replication_type = "GZRS"', to: 'lake_replication_type = "LRS"' }] },
  { name: 'lake without private endpoints', rule: 'CKV2_AZURE_33', env: 'dev', edits: [{ file: STACK, from: /\n {4}lake_blob = \{[^}]*\}\n {4}lake_dfs = \{[^}]*\}/, to: '' }] },
  // Key Vault
  { name: 'purge protection off', rule: 'CKV_AZURE_110', edits: [{ file: KV, from: 'purge_protection_enabled      = true', to: 'purge_protection_enabled      = false' }] },
  { name: 'purge protection deleted', rule: 'CKV_AZURE_110', message: 'is not set', edits: [{ file: KV, from: /\n\s*purge_protection_enabled\s*= true/, to: '' }] },
  { name: 'soft delete retention removed', rule: 'FDE_KV_001', edits: [{ file: KV, from: /\n\s*soft_delete_retention_days\s*= var.soft_delete_retention_days/, to: '' }] },
  { name: 'access policies instead of RBAC', rule: 'FDE_KV_002', edits: [{ file: KV, from: 'enable_rbac_authorization     = true', to: 'enable_rbac_authorization     = false' }] },
  { name: 'vault network ACLs allow by default', rule: 'CKV_AZURE_109', edits: [{ file: KV, from: 'default_action = "Deny"', to: 'default_action = "Allow"' }] },
  { name: 'vault public network access on', rule: 'CKV_AZURE_189', edits: [{ file: KV, from: 'public_network_access_enabled = false', to: 'public_network_access_enabled = true' }] },
  { name: 'vault without private endpoint', rule: 'CKV2_AZURE_32', env: 'prod', edits: [{ file: STACK, from: /\n {4}keyvault = \{[^}]*\}/, to: '' }] },
  // PostgreSQL
  { name: 'public PostgreSQL server', rule: 'FDE_PG_001', edits: [{ file: PG, from: 'public_network_access_enabled = false', to: 'public_network_access_enabled = true' }] },
  { name: 'PostgreSQL password login on', rule: 'FDE_PG_002', edits: [{ file: PG, from: 'password_auth_enabled         = false', to: 'password_auth_enabled         = true' }] },
  { name: 'prod PostgreSQL without geo-redundant backups (value set in the prod root)', rule: 'CKV_AZURE_136', env: 'prod', edits: [{ file: PROD, from: 'postgres_geo_redundant_backup_enabled = true', to: 'postgres_geo_redundant_backup_enabled = false' }] },
  { name: 'PostgreSQL allows TLS 1.0', rule: 'FDE_PG_003', edits: [{ file: PG, from: 'value     = "TLSv1.2"', to: 'value     = "TLSv1"' }] },
  { name: 'PostgreSQL secure transport setting removed', rule: 'FDE_PG_003', message: 'require_secure_transport', edits: [{ file: PG, from: /resource "azurerm_postgresql_flexible_server_configuration" "require_secure_transport" \{[^}]*\}/, to: '' }] },
  { name: 'PostgreSQL without private endpoint', rule: 'CKV2_AZURE_57', env: 'dev', edits: [{ file: STACK, from: /\n {4}postgres = \{[^}]*\}/, to: '' }] },
  // Monitoring and state
  { name: 'vault logs not sent to Log Analytics', rule: 'FDE_MON_001', env: 'dev', edits: [{ file: STACK, from: /\n {4}keyvault {2}= module.keyvault.id/, to: '' }] },
  { name: 'state backend with account keys', rule: 'FDE_STATE_001', env: 'dev', edits: [{ file: 'envs/dev/versions.tf', from: 'use_azuread_auth = true', to: 'use_azuread_auth = false' }] },
  // Roles
  { name: 'Owner role assigned', rule: 'FDE_ROLE_001', edits: [{ file: ID, from: '"Storage Blob Data Reader"', to: '"Owner"' }] },
  {
    name: 'Contributor assigned by role definition id',
    rule: 'FDE_ROLE_001',
    message: 'Contributor by id',
    edits: [{ file: ID, from: /$/, to: '\nresource "azurerm_role_assignment" "extra" {\n  scope              = var.storage_account_id\n  role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c"\n  principal_id       = azuread_group.analysts.object_id\n}\n' }],
  },
  { name: 'host identity gets a secrets write role', rule: 'FDE_ROLE_002', edits: [{ file: ID, from: '"Key Vault Secrets User"', to: '"Key Vault Secrets Officer"' }] },
  { name: "engineers' write role on the whole account", rule: 'FDE_ROLE_002', message: 'scoped to a lake container', edits: [{ file: ID, from: 'scope                = "${var.storage_account_id}/blobServices/default/containers/${each.key}"', to: 'scope                = var.storage_account_id' }] },
  {
    name: 'role for a principal the policy does not know',
    rule: 'FDE_ROLE_002',
    message: 'is not the analysts group',
    edits: [{ file: ID, from: /$/, to: '\nresource "azurerm_role_assignment" "stranger" {\n  scope                = var.storage_account_id\n  role_definition_name = "Storage Blob Data Reader"\n  principal_id         = "00000000-0000-0000-0000-000000000001"\n}\n' }],
  },
  // The settings file for the app
  { name: 'app settings without the database host', rule: 'FDE_OUT_001', env: 'prod', message: 'postgresHost', edits: [{ file: STACK_OUT, from: /\n\s*postgresHost\s*= module.postgres.fqdn/, to: '' }] },
  { name: 'root re-exports an output that is not the settings document', rule: 'FDE_OUT_001', env: 'dev', message: 'must be jsonencode', edits: [{ file: 'envs/dev/outputs.tf', from: 'value       = module.stack.app_settings', to: 'value       = module.stack.key_vault_uri' }] },
  { name: 'root re-exports a stack output that does not exist', rule: 'FDE_OUT_001', env: 'prod', message: 'cannot follow', edits: [{ file: 'envs/prod/outputs.tf', from: 'value       = module.stack.app_settings', to: 'value       = module.stack.settings' }] },
  { name: 'root builds app_settings from something other than a module output', rule: 'FDE_OUT_001', env: 'dev', message: 'must be jsonencode', edits: [{ file: 'envs/dev/outputs.tf', from: 'value       = module.stack.app_settings', to: 'value       = "{}"' }] },
  // Module calls and references
  { name: 'unknown variable passed to a module', rule: 'FDE_MOD_001', edits: [{ file: STACK, from: '  soft_delete_days       = 14\n', to: '  soft_delete_days       = 14\n  retention_years        = 7\n' }] },
  { name: 'unknown variable passed from a root to the stack', rule: 'FDE_MOD_001', env: 'prod', message: 'lake_soft_delete_days', edits: [{ file: PROD, from: '  lake_replication_type = "GZRS"\n', to: '  lake_replication_type = "GZRS"\n  lake_soft_delete_days = 7\n' }] },
  { name: 'required variable missing', rule: 'FDE_MOD_002', message: '"replication_type"', edits: [{ file: STACK, from: /\n\s*replication_type\s*= var.lake_replication_type/, to: '' }] },
  { name: 'required stack variable not set by a root', rule: 'FDE_MOD_002', env: 'dev', message: '"lake_replication_type"', edits: [{ file: DEV, from: /\n\s*lake_replication_type = "LRS"/, to: '' }] },
  { name: 'referenced output missing', rule: 'FDE_MOD_003', message: 'no output "blob_url"', edits: [{ file: STACK_OUT, from: 'module.lake.blob_endpoint', to: 'module.lake.blob_url' }] },
  { name: 'root re-exports a stack output that does not exist', rule: 'FDE_MOD_003', env: 'dev', message: 'no output "vault_uri"', edits: [{ file: 'envs/dev/outputs.tf', from: 'module.stack.key_vault_uri', to: 'module.stack.vault_uri' }] },
  { name: 'undeclared variable referenced', rule: 'FDE_MOD_004', edits: [{ file: LAKE, from: 'account_replication_type = var.replication_type', to: 'account_replication_type = var.replication' }] },
  { name: 'module source that does not exist', rule: 'FDE_MOD_005', edits: [{ file: STACK, from: 'source                 = "../lake"', to: 'source                 = "../lakes"' }] },
  { name: 'stack source that does not exist', rule: 'FDE_MOD_005', env: 'prod', edits: [{ file: PROD, from: 'source      = "../../modules/stack"', to: 'source      = "../../modules/stacks"' }] },
  // Fail closed
  {
    name: 'value computed by a function the checker cannot evaluate fails closed',
    rule: 'CKV2_AZURE_40',
    message: 'failing closed',
    edits: [{ file: LAKE, from: 'shared_access_key_enabled         = false', to: 'shared_access_key_enabled         = can(regex("^fde", var.account_name)) ? false : true' }],
  },
  {
    name: 'prod replication from a root variable without a default fails closed (through the stack)',
    rule: 'CKV_AZURE_206',
    env: 'prod',
    message: 'has no default',
    edits: [
      { file: PROD, from: 'lake_replication_type = "GZRS"', to: 'lake_replication_type = var.lake_replication' },
      { file: 'envs/prod/variables.tf', from: /$/, to: '\nvariable "lake_replication" {\n  type = string\n}\n' },
    ],
  },
];

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

async function findingsFor(edits: Edit[]): Promise<Finding[]> {
  const dir = await copyInfra();
  dirs.push(dir);
  for (const edit of edits) await applyEdit(dir, edit);
  return (await runChecks(dir)).findings;
}

describe('infra:check on the real modules', () => {
  it('passes every environment with no finding', async () => {
    const result = await runChecks(realInfraDir);
    expect(result.findings).toEqual([]);
    expect(result.environments).toEqual(['bootstrap', 'dev', 'prod']);
    expect(result.resources).toBeGreaterThan(100);
  });

  it('builds dev and prod from the same stack: the same resource instances, none outside it', async () => {
    const [dev, prod] = await Promise.all(['dev', 'prod'].map((env) => buildEnvironment(path.join(realInfraDir, 'envs', env), env)));
    const addresses = (resources: ResourceInstance[]): string[] => resources.map((r) => r.address).sort();
    expect(addresses(dev?.resources ?? [])).toEqual(addresses(prod?.resources ?? []));
    expect(dev?.resources.length).toBeGreaterThan(40);
    expect(dev?.resources.filter((r) => !r.address.startsWith('module.stack.'))).toEqual([]);
  });

  it('has an insecure fixture below for every rule', () => {
    const tested = new Set(cases.map((c) => c.rule));
    for (const rule of allRules) expect(tested, `no fixture for ${rule.id}`).toContain(rule.id);
  });
});

describe('infra:check on insecure copies of the modules', () => {
  it.each(cases)('$rule: $name', async ({ rule, edits, env, message }) => {
    const findings = await findingsFor(edits);
    const hits = findings.filter((f) => f.ruleId === rule && (!env || f.env === env));
    expect(hits, JSON.stringify(findings, null, 1)).not.toHaveLength(0);
    if (message) expect(hits.some((f) => f.message.includes(message)), JSON.stringify(hits, null, 1)).toBe(true);
    for (const hit of hits) expect(hit.address).not.toBe('');
  });

  it('points at the file and line of the insecure setting', async () => {
    const findings = await findingsFor([{ file: LAKE, from: '"TLS1_2"', to: '"TLS1_0"' }]);
    const hit = findings.find((f) => f.ruleId === 'CKV_AZURE_44' && f.env === 'dev');
    expect(hit?.file).toMatch(/modules\/lake\/main\.tf$/);
    expect(hit?.address).toBe('module.stack.module.lake.azurerm_storage_account.lake');
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(hit?.file ?? '', 'utf8')).split('\n');
    expect(lines[(hit?.line ?? 0) - 1]).toContain('min_tls_version');
  });

  it('reports a missing app_settings field at the stack output the root re-exports', async () => {
    const findings = await findingsFor([{ file: STACK_OUT, from: /\n\s*clientId\s*= module.identity.desktop_client_id/, to: '' }]);
    const hits = findings.filter((f) => f.ruleId === 'FDE_OUT_001');
    expect(hits.map((f) => f.env).sort()).toEqual(['dev', 'prod']);
    for (const hit of hits) {
      expect(hit.file).toMatch(/modules\/stack\/outputs\.tf$/);
      expect(hit.address).toBe('module.stack.output.app_settings');
      expect(hit.message).toContain('clientId');
    }
  });
});
