// npm run infra:check [-- <infra dir>]: exit 0 when every environment passes, 1 on any finding.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFinding } from './findings';
import { runChecks } from './run-checks';
import { allRules } from './rules/index';

async function main(): Promise<number> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const infraDir = path.resolve(process.argv[2] ?? path.join(here, '..'));
  const result = await runChecks(infraDir);
  const cwd = process.cwd();
  for (const f of result.findings) console.log(formatFinding(f, cwd));
  const summary = `${result.findings.length} finding(s); ${allRules.length} rules over ${result.resources} resource instances in ${result.environments.join(', ') || 'no environments'}`;
  console.log(result.findings.length === 0 ? `infra:check passed: ${summary}` : `infra:check FAILED: ${summary}`);
  return result.findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    console.error(`infra:check error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
