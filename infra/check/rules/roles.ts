// The project's role rules. Nobody gets Owner, Contributor or User Access Administrator; each
// kind of principal gets only its listed data-plane roles:
//   analysts group   -> Storage Blob Data Reader
//   engineers group  -> Storage Blob Data Contributor on lake containers (never the account)
//   host identity    -> Storage Blob Data Contributor on a storage account, Key Vault Secrets User on a vault
// A principal or role the checker cannot identify is a finding (fail closed).
import type { Finding } from '../findings';
import type { Environment, ResourceInstance } from '../instantiate';
import type { Rule } from '../rule-kit';
import { finding, readAttr, resourcesOf } from '../rule-kit';
import type { Value } from '../values';
import { describe, findUnresolved, symbolAddress } from '../values';

const RA = 'azurerm_role_assignment';

/** Built-in role definition ids (the same in every tenant). */
const PRIVILEGED: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
};
const PRIVILEGED_NAMES = new Set(Object.values(PRIVILEGED).map((n) => n.toLowerCase()));

const CONTAINER_SCOPE = /\/blobServices\/default\/containers\/[^/]+$/;

interface Assignment {
  res: ResourceInstance;
  role: Value | undefined;
  roleId: Value | undefined;
  principal: Value | undefined;
  scope: Value | undefined;
}

async function assignments(env: Environment): Promise<Assignment[]> {
  const out: Assignment[] = [];
  for (const res of resourcesOf(env, RA)) {
    const value = async (name: string): Promise<Value | undefined> => {
      const attr = await readAttr(res, name);
      return attr.present ? attr.value : undefined;
    };
    out.push({ res, role: await value('role_definition_name'), roleId: await value('role_definition_id'), principal: await value('principal_id'), scope: await value('scope') });
  }
  return out;
}

export const noPrivilegedRolesRule: Rule = {
  id: 'FDE_ROLE_001',
  title: 'no Owner, Contributor or User Access Administrator role assignments',
  async check(env) {
    const out: Finding[] = [];
    for (const a of await assignments(env)) {
      const add = (message: string, attr: string): void => { out.push(finding(env, a.res, 'FDE_ROLE_001', message, attr)); };
      if (a.role !== undefined) {
        const u = findUnresolved(a.role);
        if (u) add(`role_definition_name cannot be resolved offline (${u.reason}); failing closed`, 'role_definition_name');
        else if (typeof a.role === 'string' && PRIVILEGED_NAMES.has(a.role.toLowerCase())) add(`assigns the privileged role ${a.role}`, 'role_definition_name');
      } else if (a.roleId !== undefined) {
        const u = findUnresolved(a.roleId);
        const id = typeof a.roleId === 'string' ? a.roleId.toLowerCase().split('/').pop() ?? '' : '';
        if (u) add(`role_definition_id cannot be resolved offline (${u.reason}); failing closed`, 'role_definition_id');
        else if (PRIVILEGED[id]) add(`assigns the privileged role ${PRIVILEGED[id]} by id`, 'role_definition_id');
      } else {
        add('the role assignment names no role', 'role_definition_name');
      }
    }
    return out;
  },
};

type PrincipalKind = 'analysts' | 'engineers' | 'host';

function principalKind(principal: Value | undefined): PrincipalKind | undefined {
  const address = symbolAddress(principal ?? null);
  if (!address || typeof principal !== 'string') return undefined;
  if (/(^|\.)azuread_group\.analysts$/.test(address) && principal.endsWith('.object_id')) return 'analysts';
  if (/(^|\.)azuread_group\.engineers$/.test(address) && principal.endsWith('.object_id')) return 'engineers';
  if (/(^|\.)azurerm_user_assigned_identity\.host$/.test(address) && principal.endsWith('.principal_id')) return 'host';
  return undefined;
}

const scopeType = (scope: Value | undefined): string | undefined => {
  const address = symbolAddress(scope ?? null);
  return address?.split('.').slice(-2, -1)[0]?.replace(/\[.*$/, '');
};

/** Why a role on a scope is not allowed for this kind of principal, or undefined when it is. */
function roleProblem(kind: PrincipalKind, role: string, scope: Value | undefined): string | undefined {
  const onAccount = scopeType(scope) === 'azurerm_storage_account';
  const onContainer = typeof scope === 'string' && CONTAINER_SCOPE.test(scope);
  switch (kind) {
    case 'analysts':
      return role === 'Storage Blob Data Reader' ? undefined : `analysts may hold only Storage Blob Data Reader, not ${role}`;
    case 'engineers':
      if (role === 'Storage Blob Data Reader') return undefined;
      if (role !== 'Storage Blob Data Contributor') return `engineers may hold only Storage Blob Data Contributor (on lake containers), not ${role}`;
      return onContainer ? undefined : `engineers' Storage Blob Data Contributor must be scoped to a lake container, not ${describe(scope ?? null)}`;
    case 'host':
      if (role === 'Storage Blob Data Contributor') return onAccount || onContainer ? undefined : `the host's Storage Blob Data Contributor must be scoped to the lake, not ${describe(scope ?? null)}`;
      if (role === 'Key Vault Secrets User') return scopeType(scope) === 'azurerm_key_vault' ? undefined : `the host's Key Vault Secrets User must be scoped to a key vault, not ${describe(scope ?? null)}`;
      return `the host identity may hold only Storage Blob Data Contributor and Key Vault Secrets User, not ${role}`;
  }
}

export const principalRolesRule: Rule = {
  id: 'FDE_ROLE_002',
  title: 'each principal holds only its listed roles at its listed scope',
  async check(env) {
    const out: Finding[] = [];
    for (const a of await assignments(env)) {
      const add = (message: string, attr: string): void => { out.push(finding(env, a.res, 'FDE_ROLE_002', message, attr)); };
      const unresolved = findUnresolved(a.principal ?? null) ?? findUnresolved(a.scope ?? null) ?? findUnresolved(a.role ?? null);
      if (unresolved) { add(`cannot be resolved offline (${unresolved.reason}); failing closed`, 'principal_id'); continue; }
      const kind = principalKind(a.principal);
      if (!kind) { add(`principal ${describe(a.principal ?? null)} is not the analysts group, the engineers group or the host identity`, 'principal_id'); continue; }
      if (typeof a.role !== 'string') { add('roles must be given by role_definition_name so they can be checked', 'role_definition_name'); continue; }
      const problem = roleProblem(kind, a.role, a.scope);
      if (problem) add(problem, 'role_definition_name');
    }
    return out;
  },
};

export const roleRules: Rule[] = [noPrivilegedRolesRule, principalRolesRule];
