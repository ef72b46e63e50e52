/** Renders rows as an aligned text table (values are already JSON-safe). */
export function formatTextTable(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>, maxWidth = 40): string {
  const cells = rows.map((row) => columns.map((c) => cellText(row[c], maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line([...columns]), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return out.join('\n');
}

function cellText(value: unknown, maxWidth: number): string {
  const text = value === null || value === undefined ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
}
