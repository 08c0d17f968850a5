/**
 * Filter patterns on unstructured text (CloudWatch Logs "Matching terms in unstructured log events"): terms
 * separated by spaces, each a word or a double-quoted phrase, matched case-sensitively anywhere in the message.
 * Plain terms must all appear; `?term`s are alternatives of which at least one must appear; `-term`s must not
 * appear. `%regex%` is a term that matches where the expression finds a match.
 */
import { FilterPatternError } from './filter-pattern-error.js';
import { isRegexLiteral, regexTest } from './value-match.js';
import type { TextTest } from './value-match.js';

interface Term {
  readonly kind: 'all' | 'any' | 'none';
  readonly test: TextTest;
}

/** Reads a double-quoted phrase starting at `start` (the quote); `\"` and `\\` escape. */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i++;
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw new FilterPatternError('unterminated quoted phrase');
}

function termTest(value: string, quoted: boolean): TextTest {
  if (!quoted && isRegexLiteral(value)) return regexTest(value);
  return (text) => text.includes(value);
}

function parseTerms(pattern: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (/\s/.test(pattern[i] as string)) {
      i++;
      continue;
    }
    let kind: Term['kind'] = 'all';
    if (pattern[i] === '?' || pattern[i] === '-') {
      kind = pattern[i] === '?' ? 'any' : 'none';
      i++;
      if (i >= pattern.length || /\s/.test(pattern[i] as string)) throw new FilterPatternError(`a lone ${kind === 'any' ? '?' : '-'}`);
    }
    if (pattern[i] === '"') {
      const q = readQuoted(pattern, i);
      if (q.end < pattern.length && !/\s/.test(pattern[q.end] as string)) throw new FilterPatternError('text right after a quoted phrase');
      terms.push({ kind, test: termTest(q.value, true) });
      i = q.end;
      continue;
    }
    if (pattern[i] === '%') {
      // A regular expression runs to its closing %, spaces included.
      const close = pattern.indexOf('%', i + 1);
      if (close < 0) throw new FilterPatternError('unterminated regular expression');
      terms.push({ kind, test: termTest(pattern.slice(i, close + 1), false) });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < pattern.length && !/\s/.test(pattern[end] as string)) end++;
    const word = pattern.slice(i, end);
    // Brackets and braces open the other pattern forms and quotes need a phrase: in a bare term they are errors.
    if (/["{}[\]()]/.test(word)) throw new FilterPatternError(`unexpected character in term ${word}`);
    terms.push({ kind, test: termTest(word, false) });
    i = end;
  }
  return terms;
}

export function compileTermPattern(pattern: string): TextTest {
  const terms = parseTerms(pattern);
  const all = terms.filter((t) => t.kind === 'all').map((t) => t.test);
  const any = terms.filter((t) => t.kind === 'any').map((t) => t.test);
  const none = terms.filter((t) => t.kind === 'none').map((t) => t.test);
  return (message) =>
    all.every((t) => t(message)) && (any.length === 0 || any.some((t) => t(message))) && !none.some((t) => t(message));
}
