import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * One scratch folder per test run. The first test file that needs the demo lake builds it there
 * (see demo-lake.ts); the rest reuse it, so the view tests pay for `fde demo` once, not each.
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'fde-e2e-run-'));
  project.provide('e2eRunDir', root);
  return () => rmSync(root, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eRunDir: string;
  }
}
