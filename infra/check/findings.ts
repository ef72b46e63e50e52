/** One policy or structure violation, printed as `RULE file:line address: message`. */
export interface Finding {
  ruleId: string;
  env: string;
  address: string;
  file: string | undefined;
  line: number | undefined;
  message: string;
}

export function formatFinding(f: Finding, cwd: string): string {
  const where = f.file ? `${relative(f.file, cwd)}${f.line ? `:${f.line}` : ''}` : '(no file)';
  return `${f.ruleId} [${f.env}] ${where} ${f.address}: ${f.message}`;
}

function relative(file: string, cwd: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
