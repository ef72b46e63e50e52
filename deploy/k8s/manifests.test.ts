import { describe, expect, it } from 'vitest';
import { Deployment } from 'kubernetes-models/apps/v1';
import { renderManifests, validateManifests } from './manifests';

const settings = {
  tenantId: '00000000-0000-0000-0000-000000000001', clientId: '00000000-0000-0000-0000-000000000002',
  authority: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001',
  lakeUrl: 'abfss://{layer}@fdedevlakeab12.dfs.core.windows.net/', blobEndpoint: 'https://fdedevlakeab12.blob.core.windows.net/',
  postgresHost: 'fde-dev-pg.postgres.database.azure.com', postgresDatabase: 'fde',
};
const options = { image: 'fdeacr.azurecr.io/fde-host:1.0.0', hostClientId: '00000000-0000-0000-0000-000000000003', postgresUser: 'fde-dev-host', workerReplicas: 4 };

describe('Kubernetes manifests of the headless hosts', () => {
  it('validate against the Kubernetes schemas and carry the Terraform settings and workload identity', () => {
    const docs = renderManifests(settings, options);
    expect(() => validateManifests(docs)).not.toThrow();
    const json = docs.map((d) => d.toJSON() as { kind: string; metadata: { name: string; annotations?: Record<string, string> }; data?: Record<string, string>; spec?: Record<string, unknown> });
    expect(json.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Namespace/fde', 'ServiceAccount/fde-host', 'ConfigMap/fde-team-settings', 'Deployment/fde-scheduler', 'Deployment/fde-worker']);
    expect(json[1]!.metadata.annotations!['azure.workload.identity/client-id']).toBe(options.hostClientId);
    expect(json[2]!.data).toMatchObject({ FDE_TEAM_PG_HOST: settings.postgresHost, FDE_TEAM_PG_DATABASE: 'fde', FDE_LAKE: settings.lakeUrl });
    const [scheduler, worker] = docs.slice(3) as Deployment[];
    expect(scheduler!.spec!.replicas).toBe(1);
    expect(worker!.spec!.replicas).toBe(4);
    expect(worker!.spec!.template.metadata!.labels!['azure.workload.identity/use']).toBe('true');
    expect(worker!.spec!.template.spec!.containers[0]!.args).toEqual(expect.arrayContaining(['--worker', '--concurrency', '2']));
    // No secret value in any manifest: only references to Secrets the operator creates.
    expect(JSON.stringify(json)).not.toMatch(/InstrumentationKey=|password/i);
  });

  it('the validator rejects a broken manifest (the check can fail)', () => {
    const bad = new Deployment({ metadata: { name: 'x' }, spec: { replicas: 'three' as unknown as number, selector: {}, template: {} } });
    expect(() => validateManifests([bad])).toThrow();
    expect(() => renderManifests({ ...settings, postgresHost: '' }, options)).toThrow();
  });
});
