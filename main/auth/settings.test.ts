import { describe, expect, it } from 'vitest';
import { authorityFor, parseTeamSettings } from './settings';

// The shape of infra/'s app_settings output (infra/README.md).
const terraform = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  authority: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47',
  lakeUrl: 'abfss://{layer}@fdedevlakeab12.dfs.core.windows.net/',
  layers: { bronze: 'abfss://bronze@fdedevlakeab12.dfs.core.windows.net/' },
  blobEndpoint: 'https://fdedevlakeab12.blob.core.windows.net/',
  postgresHost: 'psql-fde-dev-ab12.postgres.database.azure.com',
  postgresDatabase: 'fde',
  storageScope: 'https://storage.azure.com/.default',
};

describe('team settings', () => {
  it("accepts Terraform's app_settings output", () => {
    const s = parseTeamSettings(JSON.stringify(terraform));
    expect(s.tenantId).toBe(terraform.tenantId);
    expect(authorityFor(s, 'contoso.onmicrosoft.com')).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com');
  });
  it('rejects bad files with the field and what to do', () => {
    expect(() => parseTeamSettings('{nope')).toThrow(/not JSON/);
    expect(() => parseTeamSettings(JSON.stringify({ ...terraform, authority: 'http://login.example/t' }))).toThrow(/authority: must be an https:\/\/ URL/);
    expect(() => parseTeamSettings(JSON.stringify({ ...terraform, tenantId: undefined }))).toThrow(/tenantId/);
  });
});
