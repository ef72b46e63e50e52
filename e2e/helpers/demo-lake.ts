import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { runFde } from './run-fde';

const BUILD_TIMEOUT_MS = 15 * 60_000;

/**
 * The demo lake of this test run, built by `fde demo` once by whichever test file asks first
 * (an exclusive mkdir is the lock, since test files run in separate processes). Treat it as
 * read-only: a test that writes uses copyOfDemoLake().
 */
export async function sharedDemoLake(): Promise<string> {
  const root = inject('e2eRunDir');
  const lake = join(root, 'demo-lake');
  const ready = join(root, 'demo-lake.ready');
  const failed = join(root, 'demo-lake.failed');
  let builder = false;
  try {
    mkdirSync(join(root, 'demo-lake.lock'));
    builder = true;
  } catch {
    // Another test file is building it.
  }
  if (builder) {
    const result = runFde(['demo', '--lake', lake], { timeoutMs: BUILD_TIMEOUT_MS });
    if (result.status !== 0) {
      writeFileSync(failed, result.stderr);
      throw new Error(`fde demo failed:\n${result.stderr}`);
    }
    writeFileSync(ready, '');
    return lake;
  }
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!existsSync(ready)) {
    if (existsSync(failed)) throw new Error(`fde demo failed in another test file:\n${readFileSync(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error('the shared demo lake was not ready in time');
    await new Promise((done) => setTimeout(done, 500));
  }
  return lake;
}

/**
 * A private copy of the demo lake for a test that changes it: the tables as `fde demo` wrote
 * them, without any run history (the runtime's `_runtime/` folder), so runtime tests start clean.
 */
export async function copyOfDemoLake(): Promise<string> {
  const source = await sharedDemoLake();
  const copy = join(mkdtempSync(join(tmpdir(), 'fde-e2e-lake-')), 'lake');
  const runHistory = join(source, '_runtime');
  cpSync(source, copy, { recursive: true, filter: (path) => path !== runHistory });
  return copy;
}
