// The command as CI runs it: exit codes and the finding line format.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdit, copyInfra, realInfraDir, removeDir } from './fixtures';

const cli = path.join(realInfraDir, 'check', 'cli.ts');
const run = (dir: string): { status: number | null; stdout: string } => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, dir], { encoding: 'utf8', cwd: path.dirname(realInfraDir) });
  return { status: result.status, stdout: result.stdout };
};

describe('npm run infra:check', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  it('exits 0 on the repo modules', () => {
    const { status, stdout } = run(realInfraDir);
    expect(stdout).toMatch(/^infra:check passed: 0 finding\(s\)/m);
    expect(status).toBe(0);
  });

  it('exits 1 and names rule, environment, file:line and address when a module is made insecure', async () => {
    const dir = await copyInfra();
    dirs.push(dir);
    await applyEdit(dir, { file: 'modules/keyvault/main.tf', from: /\n\s*purge_protection_enabled\s*= true/, to: '' });
    const { status, stdout } = run(dir);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^CKV_AZURE_110 \[dev\] \S*modules\/keyvault\/main\.tf:\d+ module\.stack\.module\.keyvault\.azurerm_key_vault\.main: purge_protection_enabled is not set/m);
    expect(stdout).toMatch(/^infra:check FAILED: 2 finding\(s\)/m);
  });
});
