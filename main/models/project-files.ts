/**
 * Reads the model project (pipelines/models) from disk into the runner's pure loader.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadProject, MODEL_LAYERS, type Project, type ProjectFile } from '../../pipelines/runner/index';

/** The project shipped with the engine. */
export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../../pipelines/models/', import.meta.url));

export async function readProject(dir: string = DEFAULT_MODELS_DIR): Promise<Project> {
  const files: ProjectFile[] = [];
  for (const layer of MODEL_LAYERS) {
    let names: string[] = [];
    try {
      names = await readdir(path.join(dir, layer));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.sql')).sort()) {
      files.push({ path: `${layer}/${name}`, text: await readFile(path.join(dir, layer, name), 'utf8') });
    }
  }
  let sources: ProjectFile | undefined;
  try {
    sources = { path: 'sources.json', text: await readFile(path.join(dir, 'sources.json'), 'utf8') };
  } catch {
    sources = undefined;
  }
  return loadProject(files, sources);
}
