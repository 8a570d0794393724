/**
 * One CSV field for a file staff open in a spreadsheet: always quoted, and a leading =, +, - or @
 * (that is not a number) prefixed with ' so the spreadsheet never reads the cell as a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}
