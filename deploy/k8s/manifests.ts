/**
 * Kubernetes manifests of a team's headless hosts, built from the Terraform `app_settings` output
 * (infra/README.md): one scheduler Deployment (1 replica; the lease makes a second one harmless)
 * and a worker Deployment with N replicas, a ServiceAccount bound to the host's managed identity
 * through Azure workload identity, and the settings as a ConfigMap. Typed with kubernetes-models
 * and validated against the Kubernetes JSON schemas it ships (offline); no secret is written: the
 * Application Insights connection string and the source keys come from Secrets the operator
 * creates (docs/team.md).
 */
import { z } from 'zod';
import { ConfigMap, Namespace, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';

/** The fields of the Terraform app_settings output the hosts need (others are ignored). */
export const AppSettings = z.object({
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  lakeUrl: z.string().regex(/^(abfss?|az|https):\/\//),
  blobEndpoint: z.string().url(),
  postgresHost: z.string().min(1),
  postgresDatabase: z.string().min(1),
});
export type AppSettings = z.infer<typeof AppSettings>;

export interface RenderOptions {
  image: string;
  /** Client id of the host's user-assigned managed identity (Terraform output host_identity_client_id). */
  hostClientId: string;
  /** PostgreSQL role of the host identity (its Entra principal name in the server). */
  postgresUser: string;
  namespace?: string;
  workerReplicas?: number;
  workerConcurrency?: number;
  schema?: string;
}

const LABELS = { 'app.kubernetes.io/part-of': 'fde' };

function hostContainer(name: string, args: string[]): IContainer {
  return {
    name,
    image: '',
    args,
    envFrom: [{ configMapRef: { name: 'fde-team-settings' } }],
    env: [
      // Optional: exported to Azure Monitor when the operator created the secret.
      { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', valueFrom: { secretKeyRef: { name: 'fde-telemetry', key: 'connection-string', optional: true } } },
      { name: 'APCA_API_KEY_ID', valueFrom: { secretKeyRef: { name: 'fde-sources', key: 'alpaca-key-id', optional: true } } },
      { name: 'APCA_API_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'fde-sources', key: 'alpaca-secret-key', optional: true } } },
    ],
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '4Gi' } },
    securityContext: { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'state', mountPath: '/var/lib/fde' }],
  };
}

function deployment(name: string, replicas: number, args: string[], o: Required<RenderOptions>, strategy: 'Recreate' | 'RollingUpdate'): Deployment {
  const labels = { ...LABELS, 'app.kubernetes.io/name': name };
  return new Deployment({
    metadata: { name, namespace: o.namespace, labels },
    spec: {
      replicas,
      strategy: { type: strategy },
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: { ...labels, 'azure.workload.identity/use': 'true' } },
        spec: {
          serviceAccountName: 'fde-host',
          // Room for the dispatcher's grace (Ctrl-C semantics: running partitions finish or are requeued).
          terminationGracePeriodSeconds: 60,
          containers: [{ ...hostContainer(name, args), image: o.image }],
          volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'state', emptyDir: {} }],
        },
      },
    },
  });
}

export function renderManifests(settings: AppSettings, options: RenderOptions): Array<Namespace | ServiceAccount | ConfigMap | Deployment> {
  const s = AppSettings.parse(settings);
  const o: Required<RenderOptions> = { namespace: 'fde', workerReplicas: 3, workerConcurrency: 2, schema: 'fde', ...options };
  const lake = ['--lake', '$(FDE_LAKE)'];
  return [
    new Namespace({ metadata: { name: o.namespace, labels: LABELS } }),
    new ServiceAccount({
      metadata: {
        name: 'fde-host', namespace: o.namespace, labels: LABELS,
        annotations: { 'azure.workload.identity/client-id': o.hostClientId, 'azure.workload.identity/tenant-id': s.tenantId },
      },
    }),
    new ConfigMap({
      metadata: { name: 'fde-team-settings', namespace: o.namespace, labels: LABELS },
      data: {
        FDE_LAKE: s.lakeUrl,
        FDE_TEAM_PG_HOST: s.postgresHost,
        FDE_TEAM_PG_DATABASE: s.postgresDatabase,
        FDE_TEAM_PG_USER: o.postgresUser,
        FDE_TEAM_SCHEMA: o.schema,
        AZURE_STORAGE_BLOB_ENDPOINT: s.blobEndpoint,
      },
    }),
    deployment('fde-scheduler', 1, ['run', ...lake, '--metrics-port', '9464', '--concurrency', '1', '--grace', '30'], o, 'Recreate'),
    deployment('fde-worker', o.workerReplicas, ['run', '--worker', ...lake, '--concurrency', String(o.workerConcurrency), '--metrics-port', '9464', '--grace', '30'], o, 'RollingUpdate'),
  ];
}

/** Validates every manifest against its Kubernetes JSON schema; throws with the first problem. */
export function validateManifests(docs: ReadonlyArray<{ validate(): void }>): void {
  for (const d of docs) d.validate();
}
