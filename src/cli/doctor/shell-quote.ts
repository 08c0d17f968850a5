/** Quotes a path for a copy-pasteable fix; plain paths stay unquoted so the fix reads naturally. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./~:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
