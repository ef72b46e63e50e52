// PostgreSQL Flexible Server rules. CKV_AZURE_68 and CKV_AZURE_147 cover only the retired
// single server (azurerm_postgresql_server), so public access and TLS use project ids here.
import type { Finding } from '../findings';
import type { Rule } from '../rule-kit';
import { attributeRule, finding, idOf, is, judge, readAttr, resourcesOf } from '../rule-kit';
import type { Value } from '../values';

const PG = 'azurerm_postgresql_flexible_server';

export const postgresRules: Rule[] = [
  attributeRule({ id: 'FDE_PG_001', title: 'PostgreSQL flexible servers disable public network access', type: PG, attribute: 'public_network_access_enabled', expected: 'false', accept: is(false) }),
  attributeRule({ id: 'FDE_PG_002', title: 'PostgreSQL uses Microsoft Entra authentication', type: PG, attribute: 'authentication.active_directory_auth_enabled', expected: 'true', accept: is(true) }),
  attributeRule({ id: 'FDE_PG_002', title: 'PostgreSQL password authentication is off', type: PG, attribute: 'authentication.password_auth_enabled', expected: 'false', accept: is(false) }),
  attributeRule({
    id: 'CKV_AZURE_136',
    title: 'PostgreSQL flexible servers keep geo-redundant backups in prod',
    type: PG,
    attribute: 'geo_redundant_backup_enabled',
    expected: 'true',
    accept: is(true),
    appliesTo: (env) => env.name === 'prod',
  }),
  {
    id: 'FDE_PG_003',
    title: 'PostgreSQL requires TLS 1.2+ on every connection (server parameters written down)',
    async check(env) {
      const required: [string, string, (v: Value) => boolean][] = [
        ['require_secure_transport', '"on"', (v) => typeof v === 'string' && v.toLowerCase() === 'on'],
        ['ssl_min_protocol_version', '"TLSv1.2" or "TLSv1.3"', (v) => v === 'TLSv1.2' || v === 'TLSv1.3'],
      ];
      const configs = resourcesOf(env, 'azurerm_postgresql_flexible_server_configuration');
      const out: Finding[] = [];
      for (const server of resourcesOf(env, PG)) {
        for (const [parameter, expected, accept] of required) {
          let match: Value | undefined;
          let matchRes;
          for (const config of configs) {
            const serverId = await readAttr(config, 'server_id');
            const name = await readAttr(config, 'name');
            if (serverId.present && serverId.value === idOf(server) && name.present && name.value === parameter) {
              const value = await readAttr(config, 'value');
              match = value.present ? value.value : undefined;
              matchRes = config;
            }
          }
          if (!matchRes) {
            out.push(finding(env, server, 'FDE_PG_003', `no azurerm_postgresql_flexible_server_configuration sets ${parameter} = ${expected} for this server`));
            continue;
          }
          const problem = judge(match === undefined ? { present: false } : { present: true, value: match }, `${parameter} value`, expected, accept);
          if (problem) out.push(finding(env, matchRes, 'FDE_PG_003', problem, 'value'));
        }
      }
      return out;
    },
  },
];
