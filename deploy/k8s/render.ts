/**
 * `npm run deploy:render -- <app_settings.json> --image IMG --host-client-id ID --pg-user NAME [--replicas N] [--concurrency N]`
 * prints the validated manifests as one Kubernetes List (JSON) for `kubectl apply -f -`.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AppSettings, renderManifests, validateManifests } from './manifests';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    image: { type: 'string' }, 'host-client-id': { type: 'string' }, 'pg-user': { type: 'string' },
    replicas: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '2' }, namespace: { type: 'string', default: 'fde' },
  },
});
const file = positionals[0];
if (!file || !values.image || !values['host-client-id'] || !values['pg-user']) {
  process.stderr.write('usage: deploy:render <app_settings.json> --image IMG --host-client-id ID --pg-user NAME [--replicas N] [--concurrency N]\n');
  process.exit(2);
}
const settings = AppSettings.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
const docs = renderManifests(settings, {
  image: values.image, hostClientId: values['host-client-id'], postgresUser: values['pg-user'], namespace: values.namespace,
  workerReplicas: Number(values.replicas), workerConcurrency: Number(values.concurrency),
});
validateManifests(docs);
process.stdout.write(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs.map((d) => d.toJSON()) }, null, 2) + '\n');
