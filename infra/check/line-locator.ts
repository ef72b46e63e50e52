// Line numbers for findings. hcl2json returns values without source positions, so findings
// locate a block by its header and an attribute by its name inside that block's lines. This
// only looks up positions; the parsing itself is hcl2json's.

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 1-based line of `kind "label" "label" {`, or undefined when not found. */
export function blockLine(text: string, kind: string, labels: string[]): number | undefined {
  const header = [escape(kind), ...labels.map((l) => `"${escape(l)}"`)].join('\\s+');
  const re = new RegExp(`^[ \\t]*${header}[ \\t]*\\{`, 'm');
  const match = re.exec(text);
  if (!match) return undefined;
  return text.slice(0, match.index).split('\n').length;
}

/**
 * 1-based line of `name =` or `name {` after `fromLine`, inside the block that starts there
 * (which ends at the first line that starts with `}` at column 0); undefined when absent.
 */
export function attributeLine(text: string, fromLine: number, name: string): number | undefined {
  const lines = text.split('\n');
  const re = new RegExp(`^\\s+${escape(name)}\\s*(=|\\{)`);
  for (let i = fromLine; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('}')) return undefined;
    if (re.test(line)) return i + 1;
  }
  return undefined;
}
