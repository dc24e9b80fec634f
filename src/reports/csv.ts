/**
 * CSV as RFC 4180 says: fields separated by commas, records by CRLF, a field quoted when it
 * holds a comma, a quote, CR or LF (quotes doubled). The file starts with a UTF-8 byte order
 * mark so that spreadsheet programs read Chinese text as UTF-8. Pure.
 */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | Date | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  // A leading =, +, - or @ would make a spreadsheet evaluate the cell; text fields get a quote prefix then.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** The header record (with the BOM) of a file with these columns. */
export function csvHeader(columns: readonly string[]): string {
  return UTF8_BOM + csvRecord(columns);
}

/** One record of `row` in the order of `columns`. */
export function csvRow(columns: readonly string[], row: Record<string, unknown>): string {
  return csvRecord(columns.map((c) => row[c] as CsvValue));
}
