/**
 * How a filter pattern's value compares with text: a value with `*` is a glob (each `*` any run of characters,
 * the rest literal), anything else equality. (CloudWatch Logs "Filter pattern syntax": wildcards in JSON string
 * values and space-delimited fields.)
 *
 * Globs are matched in linear time (leftmost occurrence of each literal part in order), never with a
 * backtracking regular expression: one tenant's pattern is run over up to 200,000 events per call on the
 * server's only thread, and `*a*a*a*b` as a RegExp takes seconds per event. AWS's `%regex%` values are
 * refused for the same reason ("Invalid filter pattern") until lambdabox has a linear-time regex engine.
 */
import { FilterPatternError } from './filter-pattern-error.js';

export type TextTest = (text: string) => boolean;

export function isRegexLiteral(value: string): boolean {
  return value.length >= 2 && value.startsWith('%') && value.endsWith('%');
}

export function regexTest(value: string): TextTest {
  if (value.slice(1, -1) === '') throw new FilterPatternError('empty regular expression');
  throw new FilterPatternError('regular expressions are not supported');
}

/** Whole-text equality, with `*` as a wildcard. */
export function globTest(value: string): TextTest {
  if (!value.includes('*')) return (text) => text === value;
  const parts = value.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  return (text) => {
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    const end = text.length - last.length;
    let at = first.length;
    for (const part of middle) {
      const found = text.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

export function valueTest(value: string, quoted: boolean): TextTest {
  return !quoted && isRegexLiteral(value) ? regexTest(value) : globTest(value);
}
