import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder with bundled demo data, symbol lists and lexicons. From source it is the repo's
 * resources/; in a packaged app electron-builder copies it next to the app (process.resourcesPath).
 * FDE_RESOURCES_DIR overrides both.
 */
export function resourcesDir(): string {
  const candidates = [
    process.env.FDE_RESOURCES_DIR,
    (process as { resourcesPath?: string }).resourcesPath && join((process as { resourcesPath?: string }).resourcesPath!, 'resources'),
    ...ancestors(dirname(fileURLToPath(import.meta.url))).map((dir) => join(dir, 'resources')),
  ];
  for (const candidate of candidates) {
    if (candidate && existsSync(join(candidate, 'market'))) return candidate;
  }
  throw new Error('bundled resources not found; set FDE_RESOURCES_DIR to the resources folder');
}

export function resourcePath(...parts: string[]): string {
  return join(resourcesDir(), ...parts);
}

function ancestors(start: string): string[] {
  const out: string[] = [];
  let dir = resolve(start);
  for (let i = 0; i < 6; i++) {
    out.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}
