// Test fixtures made from the real modules: a temp copy of infra/ with one edit, so a fixture
// can never drift from the code it stands for. An edit whose text is no longer in the file
// throws, so a renamed setting breaks the test instead of letting it pass vacuously.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const realInfraDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Edit {
  /** Path inside infra/, e.g. modules/lake/main.tf. */
  file: string;
  from: string | RegExp;
  to: string;
}

/** Copies the Terraform parts of infra/ (not the checker) into a new temp dir. */
export async function copyInfra(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fde-infra-'));
  for (const part of ['bootstrap', 'envs', 'modules']) {
    await cp(path.join(realInfraDir, part), path.join(dir, part), { recursive: true });
  }
  return dir;
}

export async function applyEdit(dir: string, edit: Edit): Promise<void> {
  const file = path.join(dir, edit.file);
  const text = await readFile(file, 'utf8');
  const matches = typeof edit.from === 'string' ? text.split(edit.from).length - 1 : (text.match(new RegExp(edit.from, 'g')) ?? []).length;
  if (matches !== 1) throw new Error(`fixture edit expected exactly one match of ${String(edit.from)} in ${edit.file}, found ${matches}`);
  await writeFile(file, text.replace(edit.from, edit.to));
}

export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });
