/** RFC 4180 CSV of rows already computed by the engine (the export is a copy, not a computation). */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.map(cell).join(','), ...rows.map((row) => row.map(cell).join(','))].join('\r\n') + '\r\n';
}

/** The same for an array of objects, columns in the order given. */
export function objectsToCsv<T extends object>(columns: ReadonlyArray<keyof T & string>, rows: readonly T[]): string {
  return toCsv(columns, rows.map((row) => columns.map((c) => row[c])));
}
