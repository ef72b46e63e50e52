/**
 * Child process for the lease e2e tests: waits for the ingest lease, prints
 * {"leader":...} once it leads, {"lost":...} when leadership ends (then exits 3).
 * Usage: lake-lease-worker.ts <lake-uri> <duration-ms>
 */
import { acquireIngestLease, openLake } from '../main/lake/index';

const [uri, duration] = process.argv.slice(2);
if (!uri || !duration) {
  process.stderr.write('usage: lake-lease-worker.ts <lake-uri> <duration-ms>\n');
  process.exit(2);
}
const lake = await openLake(uri);
process.stdout.write(`${JSON.stringify({ waiting: process.pid })}\n`);
const lease = await acquireIngestLease(lake, {
  durationMs: Number(duration),
  onLost: (reason) => {
    process.stdout.write(`${JSON.stringify({ lost: reason })}\n`);
    process.exit(3);
  },
});
process.stdout.write(`${JSON.stringify({ leader: lease.holder, at: Date.now() })}\n`);
// Stay alive (the lease renews on its own timer) until killed.
setInterval(() => undefined, 1 << 30);
