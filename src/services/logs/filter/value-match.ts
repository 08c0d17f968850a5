/**
 * How a filter pattern's value compares with text: a value with `*` is a glob (each `*` any run of characters,
 * the rest literal), `%…%` a regular expression searched anywhere, anything else equality.
 * (CloudWatch Logs "Filter pattern syntax": wildcards in JSON string values and space-delimited fields; regex
 * enclosed in `%`.)
 */
import { FilterPatternError } from './filter-pattern-error.js';

export type TextTest = (text: string) => boolean;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isRegexLiteral(value: string): boolean {
  return value.length >= 2 && value.startsWith('%') && value.endsWith('%');
}

export function regexTest(value: string): TextTest {
  const source = value.slice(1, -1);
  if (source === '') throw new FilterPatternError('empty regular expression');
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch {
    throw new FilterPatternError('invalid regular expression');
  }
  return (text) => re.test(text);
}

/** Whole-text equality, with `*` as a wildcard. */
export function globTest(value: string): TextTest {
  if (!value.includes('*')) return (text) => text === value;
  const re = new RegExp(`^${value.split('*').map(escapeRegExp).join('[\\s\\S]*')}$`);
  return (text) => re.test(text);
}

export function valueTest(value: string, quoted: boolean): TextTest {
  return !quoted && isRegexLiteral(value) ? regexTest(value) : globTest(value);
}
