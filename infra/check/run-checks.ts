// Runs the structure checks and every policy rule over the environments under an infra/ folder:
// bootstrap and each folder of envs/ are roots; the modules they call are followed down.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from './findings';
import { buildEnvironment } from './instantiate';
import { checkModules } from './module-checks';
import type { Rule } from './rule-kit';
import { allRules } from './rules/index';
import { TfLoadError } from './tf-module';

export interface CheckResult {
  environments: string[];
  resources: number;
  findings: Finding[];
}

/** The root modules under `infraDir`: bootstrap/ and envs/<name>/. */
export async function findRoots(infraDir: string): Promise<{ name: string; dir: string }[]> {
  const roots: { name: string; dir: string }[] = [];
  const bootstrap = path.join(infraDir, 'bootstrap');
  if (await isDir(bootstrap)) roots.push({ name: 'bootstrap', dir: bootstrap });
  const envs = path.join(infraDir, 'envs');
  if (await isDir(envs)) {
    for (const name of (await readdir(envs)).sort()) {
      if (await isDir(path.join(envs, name))) roots.push({ name, dir: path.join(envs, name) });
    }
  }
  return roots;
}

export async function runChecks(infraDir: string, rules: Rule[] = allRules): Promise<CheckResult> {
  const roots = await findRoots(infraDir);
  const findings: Finding[] = [];
  let resources = 0;
  if (roots.length === 0) {
    findings.push({ ruleId: 'FDE_MOD_005', env: '-', address: infraDir, file: undefined, line: undefined, message: 'no root modules (bootstrap/ or envs/*/) found' });
  }
  for (const root of roots) {
    let env;
    try {
      env = await buildEnvironment(root.dir, root.name);
    } catch (err) {
      if (!(err instanceof TfLoadError)) throw err;
      findings.push({ ruleId: 'FDE_MOD_005', env: root.name, address: root.dir, file: undefined, line: undefined, message: err.message });
      continue;
    }
    resources += env.resources.length;
    findings.push(...env.problems, ...(await checkModules(env)));
    for (const rule of rules) findings.push(...(await rule.check(env)));
  }
  return { environments: roots.map((r) => r.name), resources, findings: dedupe(findings) };
}

/** A shared module's structure problem shows once, not once per environment. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = f.ruleId.startsWith('FDE_MOD_') || f.ruleId.startsWith('FDE_EVAL_')
      ? [f.ruleId, f.address, f.file, f.line, f.message].join('|')
      : [f.ruleId, f.env, f.address, f.file, f.line, f.message].join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function isDir(dir: string): Promise<boolean> {
  try {
    await readdir(dir);
    return true;
  } catch {
    return false;
  }
}
