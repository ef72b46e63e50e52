/**
 * Child process of sqlite-store.test.ts: hammers one store file. `claim` mode says "ready", waits
 * for a line on stdin (so every claimer starts at once, however slowly each process started),
 * then claims queued runs until none is left, each held for a moment as a run would be, and
 * prints the ids it got; `churn` mode creates and finishes runs forever
 * (the test kills it with SIGKILL mid-transaction).
 */
import { SqliteRunStore } from './sqlite-store';

const [file, mode, tag] = process.argv.slice(2) as [string, string, string];
const store = new SqliteRunStore(file);
const limits = { maxRunningPerJob: () => 1_000 };

async function main(): Promise<void> {
  if (mode === 'claim') {
    process.stdout.write('ready\n');
    await new Promise((go) => process.stdin.once('data', go));
    process.stdin.pause();
    const got: string[] = [];
    for (;;) {
      const run = await store.claimNext(tag, limits, new Date().toISOString());
      if (!run) break;
      got.push(run.runId);
      await new Promise((r) => setTimeout(r, 2));
      await store.finishRun(run.runId, { state: 'succeeded', rowsWritten: 1 }, 'done', new Date().toISOString());
    }
    process.stdout.write(`${JSON.stringify(got)}\n`);
  } else {
    for (let i = 0; ; i++) {
      const runId = `${tag}-${i}`;
      const keys = Array.from({ length: 20 }, (_, k) => `2026-01-${String((k % 28) + 1).padStart(2, '0')}|S${i}`);
      await store.createRun({ runId, job: 'churn', partition: '2026-01-01', partitionKeys: keys, trigger: 'manual', params: {} }, new Date().toISOString());
      if (i === 5) process.stdout.write('ready\n');
    }
  }
  await store.close();
}
void main();
