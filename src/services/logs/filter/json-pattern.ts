/**
 * JSON filter patterns (CloudWatch Logs "Using filter patterns to match terms in JSON log events"):
 * `{ <selector> <op> <value> }` joined by `&&` / `||` (`&&` binds tighter) and grouped by parentheses.
 * Selectors are `$` followed by `.name` and `[index]` steps. Operators: `=` and `!=` for strings (a `*` in the
 * value is a wildcard, `%…%` a regular expression) and numbers, `<`, `<=`, `>`, `>=` for numbers, and the
 * tests `IS TRUE`, `IS FALSE`, `IS NULL`, `NOT EXISTS`. A message that is not JSON matches no JSON pattern; a
 * comparison on a missing field is false (`!=` included).
 */
import { FilterPatternError } from './filter-pattern-error.js';
import { readQuoted } from './term-pattern.js';
import { valueTest } from './value-match.js';

type Step = string | number;
type Cmp = '=' | '!=' | '<' | '<=' | '>' | '>=';
type Node =
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node }
  | { readonly kind: 'test'; readonly path: readonly Step[]; readonly test: (v: unknown, present: boolean) => boolean };

type Token =
  | { readonly t: 'punct'; readonly v: string }
  | { readonly t: 'selector'; readonly v: readonly Step[] }
  | { readonly t: 'word'; readonly v: string }
  | { readonly t: 'string'; readonly v: string };

const PUNCT = ['&&', '||', '!=', '<=', '>=', '=', '<', '>', '(', ')'];

function readSelector(text: string, start: number): { path: Step[]; end: number } {
  const path: Step[] = [];
  let i = start + 1;
  for (;;) {
    if (text[i] === '.') {
      let end = i + 1;
      while (end < text.length && /[^\s.[\]=!<>()&|]/.test(text[end] as string)) end++;
      if (end === i + 1) throw new FilterPatternError('empty member name in selector');
      path.push(text.slice(i + 1, end));
      i = end;
    } else if (text[i] === '[') {
      const close = text.indexOf(']', i);
      const index = close < 0 ? '' : text.slice(i + 1, close);
      if (!/^\d+$/.test(index)) throw new FilterPatternError('array index must be a number');
      path.push(Number(index));
      i = close + 1;
    } else {
      return { path, end: i };
    }
  }
}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const punct = PUNCT.find((p) => body.startsWith(p, i));
    if (punct !== undefined) {
      tokens.push({ t: 'punct', v: punct });
      i += punct.length;
    } else if (c === '$') {
      const s = readSelector(body, i);
      tokens.push({ t: 'selector', v: s.path });
      i = s.end;
    } else if (c === '"') {
      const q = readQuoted(body, i);
      tokens.push({ t: 'string', v: q.value });
      i = q.end;
    } else {
      let end = i;
      while (end < body.length && /[^\s()=!<>&|"]/.test(body[end] as string)) end++;
      if (end === i) throw new FilterPatternError(`unexpected character ${c}`);
      tokens.push({ t: 'word', v: body.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

function compare(cmp: Cmp, value: Token): (v: unknown, present: boolean) => boolean {
  const numeric = value.t === 'word' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.v);
  if (numeric) {
    const n = Number(value.v);
    const text = value.v;
    return (v, present) => {
      if (!present) return false;
      if (typeof v === 'number') {
        switch (cmp) {
          case '=': return v === n;
          case '!=': return v !== n;
          case '<': return v < n;
          case '<=': return v <= n;
          case '>': return v > n;
          case '>=': return v >= n;
        }
      }
      // A string field compared with a bare number: equality of the text, as the value is written.
      if (typeof v === 'string' && (cmp === '=' || cmp === '!=')) return (v === text) === (cmp === '=');
      return false;
    };
  }
  if (cmp !== '=' && cmp !== '!=') throw new FilterPatternError(`${cmp} needs a number`);
  if (value.t !== 'word' && value.t !== 'string') throw new FilterPatternError('a comparison needs a value');
  const test = valueTest(value.v, value.t === 'string');
  return (v, present) => {
    if (!present || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) return false;
    return test(String(v)) === (cmp === '=');
  };
}

class Parser {
  #i = 0;
  constructor(readonly tokens: readonly Token[]) {}

  #peek(): Token | undefined {
    return this.tokens[this.#i];
  }

  #next(): Token {
    const t = this.tokens[this.#i++];
    if (t === undefined) throw new FilterPatternError('the pattern ends too early');
    return t;
  }

  #isPunct(v: string): boolean {
    const t = this.#peek();
    return t?.t === 'punct' && t.v === v;
  }

  parse(): Node {
    const node = this.#or();
    if (this.#peek() !== undefined) throw new FilterPatternError('unexpected text after an expression');
    return node;
  }

  #or(): Node {
    let left = this.#and();
    while (this.#isPunct('||')) {
      this.#i++;
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Node {
    let left = this.#unary();
    while (this.#isPunct('&&')) {
      this.#i++;
      left = { kind: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): Node {
    if (this.#isPunct('(')) {
      this.#i++;
      const inner = this.#or();
      if (!this.#isPunct(')')) throw new FilterPatternError('missing )');
      this.#i++;
      return inner;
    }
    const sel = this.#next();
    if (sel.t !== 'selector') throw new FilterPatternError('a comparison starts with a $ selector');
    const op = this.#next();
    if (op.t === 'word' && (op.v === 'IS' || op.v === 'NOT')) {
      const what = this.#next();
      if (what.t !== 'word') throw new FilterPatternError('IS / NOT needs a keyword');
      const key = `${op.v} ${what.v}`;
      const tests: Record<string, (v: unknown, present: boolean) => boolean> = {
        'IS TRUE': (v) => v === true,
        'IS FALSE': (v) => v === false,
        'IS NULL': (v, present) => present && v === null,
        'NOT EXISTS': (_v, present) => !present,
      };
      const test = tests[key];
      if (test === undefined) throw new FilterPatternError(`unknown test ${key}`);
      return { kind: 'test', path: sel.v, test };
    }
    if (op.t !== 'punct' || ['&&', '||', '(', ')'].includes(op.v)) throw new FilterPatternError('a selector needs an operator');
    return { kind: 'test', path: sel.v, test: compare(op.v as Cmp, this.#next()) };
  }
}

function lookup(doc: unknown, path: readonly Step[]): { present: boolean; value: unknown } {
  let v = doc;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(v) || step >= v.length) return { present: false, value: undefined };
      v = v[step];
    } else {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.hasOwn(v, step)) return { present: false, value: undefined };
      v = (v as Record<string, unknown>)[step];
    }
  }
  return { present: true, value: v };
}

function evaluate(node: Node, doc: unknown): boolean {
  if (node.kind === 'and') return evaluate(node.left, doc) && evaluate(node.right, doc);
  if (node.kind === 'or') return evaluate(node.left, doc) || evaluate(node.right, doc);
  if (node.kind !== 'test') return false;
  const found = lookup(doc, node.path);
  return node.test(found.value, found.present);
}

/** `pattern` starts with `{`; the message must be a JSON object or array to match. */
export function compileJsonPattern(pattern: string): (message: string) => boolean {
  const trimmed = pattern.trim();
  if (!trimmed.endsWith('}')) throw new FilterPatternError('a JSON pattern ends with }');
  const tokens = tokenize(trimmed.slice(1, -1));
  if (tokens.length === 0) throw new FilterPatternError('an empty JSON pattern');
  const root = new Parser(tokens).parse();
  return (message) => {
    const start = message.trimStart()[0];
    if (start !== '{' && start !== '[') return false;
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(root, doc);
  };
}
