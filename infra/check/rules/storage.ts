// Storage account rules (the lake and the state account). Checkov ids where checkov has the
// same check; FDE_* where it has none or inspects a setting azurerm 4.x no longer has.
import type { Rule } from '../rule-kit';
import { atLeast, attributeRule, is, oneOf, readAttr } from '../rule-kit';

const SA = 'azurerm_storage_account';

export const storageRules: Rule[] = [
  attributeRule({ id: 'CKV_AZURE_59', title: 'storage accounts disallow public network access', type: SA, attribute: 'public_network_access_enabled', expected: 'false', accept: is(false) }),
  attributeRule({ id: 'CKV_AZURE_3', title: 'storage accounts accept HTTPS only', type: SA, attribute: 'https_traffic_only_enabled', aliases: ['enable_https_traffic_only'], expected: 'true', accept: is(true) }),
  attributeRule({ id: 'CKV_AZURE_44', title: 'storage accounts require TLS 1.2 or newer', type: SA, attribute: 'min_tls_version', expected: '"TLS1_2"', accept: oneOf('TLS1_2', 'TLS1_3') }),
  attributeRule({ id: 'CKV2_AZURE_40', title: 'storage accounts do not allow Shared Key authorization', type: SA, attribute: 'shared_access_key_enabled', expected: 'false', accept: is(false) }),
  attributeRule({ id: 'CKV_AZURE_190', title: 'storage blobs cannot be made public', type: SA, attribute: 'allow_nested_items_to_be_public', expected: 'false', accept: is(false) }),
  attributeRule({ id: 'CKV_AZURE_35', title: 'storage network rules deny by default', type: SA, attribute: 'network_rules.default_action', expected: '"Deny"', accept: is('Deny') }),
  attributeRule({ id: 'CKV_AZURE_244', title: 'storage accounts have no local users', type: SA, attribute: 'local_user_enabled', expected: 'false', accept: is(false) }),
  attributeRule({ id: 'CKV2_AZURE_38', title: 'blob soft delete is on (7 days or more)', type: SA, attribute: 'blob_properties.delete_retention_policy.days', expected: '>= 7', accept: atLeast(7) }),
  attributeRule({ id: 'FDE_STG_001', title: 'container soft delete is on (7 days or more)', type: SA, attribute: 'blob_properties.container_delete_retention_policy.days', expected: '>= 7', accept: atLeast(7) }),
  attributeRule({ id: 'FDE_STG_002', title: 'storage infrastructure (double) encryption is on', type: SA, attribute: 'infrastructure_encryption_enabled', expected: 'true', accept: is(true) }),
  attributeRule({
    id: 'FDE_STG_003',
    title: 'blob versioning is on for accounts without a hierarchical namespace (Azure does not support it with one)',
    type: SA,
    attribute: 'blob_properties.versioning_enabled',
    expected: 'true',
    accept: is(true),
    async when(res) {
      const hns = await readAttr(res, 'is_hns_enabled');
      return !(hns.present && hns.value === true);
    },
  }),
  attributeRule({
    id: 'CKV_AZURE_206',
    title: 'storage is geo-redundant in prod and for the state account',
    type: SA,
    attribute: 'account_replication_type',
    expected: 'one of GRS, RAGRS, GZRS, RAGZRS',
    accept: oneOf('GRS', 'RAGRS', 'GZRS', 'RAGZRS'),
    appliesTo: (env) => env.name === 'prod' || env.name === 'bootstrap',
  }),
];
