/**
 * Child process of signin-azurite.test.ts: uses the team lake on Azurite (HTTPS, OAuth) as the
 * signed-in account, through the product's own path: openLake() with no connection string or
 * SAS -> the keychain token cache -> MSAL silent refresh -> bearer tokens on every call.
 * Prints one JSON line per step; errors are printed as the product translates them.
 */
import { BlobServiceClient, ContainerSASPermissions, StorageSharedKeyCredential, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { openDuck } from '../main/duck/duck';
import { acquireIngestLease, closeLakeDuck, openLake } from '../main/lake/index';
import { storageCredential } from '../main/auth/token-credential';
import { translateStorageError } from '../main/auth/auth-errors';
import { checkAccess } from '../main/auth/lake-access';

const [action, endpoint, arg1, arg2] = process.argv.slice(2) as [string, string, string?, string?];
const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const COLUMNS = [{ name: 'batch', type: 'long' as const }, { name: 'i', type: 'long' as const }];

async function main(): Promise<void> {
  const uri = `${endpoint}/lake/team`;
  if (action === 'write-read-lease') {
    const { credential, source } = await storageCredential();
    await new BlobServiceClient(endpoint, credential).getContainerClient('lake').createIfNotExists();
    const lake = await openLake(uri);
    const duck = await openDuck({ threads: 1 });
    const lease = await acquireIngestLease(lake, { durationMs: 15_000 });
    const t = await lake.ensureTable({ layer: 'bronze', name: 'probe', columns: COLUMNS });
    const r = await t.append({ duck, sql: 'SELECT 0::BIGINT AS batch, range::BIGINT AS i FROM range(5)' }, { txn: { appId: 'probe', version: 0 } });
    await lake.attach(duck);
    const rows = await duck.all('SELECT count(*) AS n FROM bronze.probe');
    await lease.release();
    say({ source, committed: r.committed, rows: Number(rows[0]?.n), leader: true });
    duck.close();
  } else if (action === 'backfill') {
    // Batches with a pause between them, so tokens expire (and refresh) in the middle.
    const n = Number(arg1);
    const pauseMs = Number(arg2);
    const lake = await openLake(uri);
    const duck = await openDuck({ threads: 1 });
    const t = await lake.ensureTable({ layer: 'bronze', name: 'backfill', columns: COLUMNS });
    for (let b = 0; b < n; b++) {
      // Re-running a batch is harmless: the txn (appId, version) makes the commit exactly-once.
      const r = await t.append({ duck, sql: `SELECT ${b}::BIGINT AS batch, range::BIGINT AS i FROM range(100)` }, { txn: { appId: 'backfill', version: b } });
      say({ batch: b, committed: r.committed });
      await sleep(pauseMs);
    }
    await lake.attach(duck);
    const rows = await duck.all('SELECT count(*) AS n, count(DISTINCT batch) AS batches, count(DISTINCT (batch, i)) AS uniq FROM bronze.backfill');
    say({ done: true, rows: Number(rows[0]?.n), batches: Number(rows[0]?.batches), unique: Number(rows[0]?.uniq) });
    duck.close();
  } else if (action === 'read') {
    const lake = await openLake(uri);
    const tables = await lake.listTables();
    say({ tables: tables.map((x) => x.id) });
  } else if (action === 'write-probe-readonly-sas') {
    // A real 403 from the service for a principal that may read but not write.
    const key = new StorageSharedKeyCredential('devstoreaccount1', arg1 as string);
    const sas = generateBlobSASQueryParameters({ containerName: 'lake', permissions: ContainerSASPermissions.parse('rl'), expiresOn: new Date(Date.now() + 600_000) }, key).toString();
    const { AnonymousCredential } = await import('@azure/storage-blob');
    const e = { blob: `${endpoint}?${sas}`, dfs: endpoint, credential: new AnonymousCredential() };
    say(await checkAccess(e, 'lake', 'team', false));
  }
}

main()
  .then(() => closeLakeDuck())
  .catch((error: unknown) => {
    const t = translateStorageError(error, 'the team lake');
    say({ error: t.message, hint: (t as { hint?: string }).hint ?? null });
    process.exitCode = 3;
  });
