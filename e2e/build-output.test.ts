/**
 * The built app (`npm run build`, electron-vite -> out/) holds every entry point the runtime
 * loads at run time: the shell, the preload, the renderer, the worker threads (forecast pool,
 * Alpaca spool) beside the chunks that start them, and the model project files the build-models
 * job reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run-fde';

const out = path.join(repoRoot, 'out');
const mainDir = path.join(out, 'main');
const ENTRIES = ['main/index.js', 'main/forecast-worker.js', 'main/spool-worker.js', 'preload/index.cjs', 'renderer/index.html'];

describe('build output', () => {
  it('holds every entry point, next to the chunks that locate them', () => {
    expect(fs.existsSync(path.join(mainDir, 'index.js')), 'out/ is missing: run `npm run build` first').toBe(true);
    for (const entry of ENTRIES) expect(fs.existsSync(path.join(out, entry)), entry).toBe(true);
    // Workers are located as new URL('./<name>.<ext>', import.meta.url): every chunk that names
    // one must sit in the same folder as the worker file.
    const chunks = fs.readdirSync(mainDir).filter((f) => f.endsWith('.js'));
    expect(fs.readdirSync(mainDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)).toEqual([]);
    const referenced = new Set<string>();
    for (const chunk of chunks) {
      const code = fs.readFileSync(path.join(mainDir, chunk), 'utf8');
      for (const m of code.matchAll(/\.\/([a-z-]+-worker)\.(?:\$\{[^}]+\}|js)/g)) referenced.add(m[1]!);
    }
    expect([...referenced].sort()).toEqual(['forecast-worker', 'spool-worker']);
    for (const name of referenced) expect(fs.existsSync(path.join(mainDir, `${name}.js`)), name).toBe(true);
  });

  it('ships the model project where the bundle looks for it and in the package file list', () => {
    // main/models/project-files.ts resolves ../../pipelines/models/ from the bundle in out/main.
    const models = path.resolve(mainDir, '../../pipelines/models');
    expect(fs.existsSync(path.join(models, 'sources.json'))).toBe(true);
    expect(fs.readdirSync(path.join(models, 'gold')).some((f) => f.endsWith('.sql'))).toBe(true);
    expect(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')).toMatch(/- pipelines\/models\/\*\*/);
  });

  it('the built forecast worker starts and loads all of its imports', async () => {
    const worker = new Worker(path.join(mainDir, 'forecast-worker.js'));
    const outcome = await new Promise<string>((resolve) => {
      worker.once('error', (e) => resolve(`error: ${e.message}`));
      worker.once('exit', (code) => resolve(`exit ${code}`));
      worker.once('online', () => setTimeout(() => resolve('running'), 1_000));
    });
    await worker.terminate();
    expect(outcome).toBe('running');
  });
});
