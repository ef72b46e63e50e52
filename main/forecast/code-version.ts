/** Code version for the registry: package version + hash of the model and feature sources. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function codeVersion(): string {
  if (cached) return cached;
  let version = '0.0.0';
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    version = pkg.version ?? version;
  } catch {
    // A packaged app may not ship package.json beside the sources; the hash still identifies the code.
  }
  const hash = createHash('sha256');
  // The model code and the feature/target code it depends on.
  for (const rel of ['../../workers/models/', '../../pipelines/volatility/']) {
    try {
      const dir = fileURLToPath(new URL(rel, import.meta.url));
      for (const file of readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.includes('.test.')).sort()) {
        hash.update(file).update(readFileSync(`${dir}/${file}`));
      }
    } catch {
      hash.update(`${rel}unavailable`);
    }
  }
  cached = `${version}+${hash.digest('hex').slice(0, 12)}`;
  return cached;
}
