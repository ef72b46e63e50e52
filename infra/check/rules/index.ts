import type { Rule } from '../rule-kit';
import { appSettingsRule } from './app-settings';
import { diagnosticsRule, stateBackendRule } from './diagnostics';
import { keyVaultRules } from './keyvault';
import { postgresRules } from './postgres';
import { privateEndpointRules } from './private-endpoints';
import { roleRules } from './roles';
import { storageRules } from './storage';

/** Every policy rule, in the order findings are printed. */
export const allRules: Rule[] = [
  ...storageRules,
  ...keyVaultRules,
  ...postgresRules,
  ...privateEndpointRules,
  diagnosticsRule,
  stateBackendRule,
  ...roleRules,
  appSettingsRule,
];
