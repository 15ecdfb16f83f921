/**
 * One CSV cell for a file people open in a spreadsheet. Text starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return would run as a formula in Excel or LibreOffice, so such text gets a leading `'`
 * (OWASP's advice for CSV injection); numbers are written as they are. Cells holding a quote, comma or
 * line break are quoted (RFC 4180).
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
