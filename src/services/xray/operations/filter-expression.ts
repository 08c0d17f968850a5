/**
 * The subset of X-Ray filter expressions (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html)
 * lambdabox evaluates: `service("name")`, the flags `ok`, `error`, `fault`, `throttle`, `partial` (alone or
 * compared with true/false), `responsetime` and `duration` against numbers, `http.status`, `http.url`,
 * `http.method`, `user`, `annotation.<key>` (also `annotation[key]`) against strings, numbers or booleans,
 * combined with `and`, `or`, `!` and parentheses. Anything else is refused with InvalidRequestException:
 * an expression silently ignored would return traces the caller asked to exclude.
 */
import { XrayInvalidRequestError } from '../xray-errors.js';
import type { AnnotationValue, TraceFacts } from './trace-summary.js';

export type TraceFilter = (facts: TraceFacts) => boolean;
type Literal = string | number | boolean;
type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';

type Token = { kind: 'word'; v: string } | { kind: 'str'; v: string } | { kind: 'num'; v: number } | { kind: 'sym'; v: string };

const MAX_EXPRESSION = 2000;

function invalid(detail: string): XrayInvalidRequestError {
  return new XrayInvalidRequestError(`Invalid filter expression: ${detail}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        v += text[j];
        j++;
      }
      if (j >= text.length) throw invalid('unterminated string');
      tokens.push({ kind: 'str', v });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      const lit = m?.[0] ?? c;
      tokens.push({ kind: 'num', v: Number(lit) });
      i += lit.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
      const word = m?.[0] ?? c;
      tokens.push({ kind: 'word', v: word });
      i += word.length;
    } else {
      const two = text.slice(i, i + 2);
      if (['!=', '<=', '>=', '&&', '||'].includes(two)) {
        tokens.push({ kind: 'sym', v: two === '&&' ? 'and' : two === '||' ? 'or' : two });
        i += 2;
      } else if ('=<>()![],'.includes(c)) {
        tokens.push({ kind: 'sym', v: c });
        i++;
      } else {
        throw invalid(`unexpected character '${c}'`);
      }
    }
  }
  return tokens;
}

function compare(a: Literal | undefined, op: Op, b: Literal): boolean {
  if (a === undefined) return op === '!=';
  if (typeof a !== typeof b) return op === '!=';
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

const FLAGS: Readonly<Record<string, (f: TraceFacts) => boolean>> = {
  ok: (f) => !f.hasError && !f.hasFault && !f.hasThrottle,
  error: (f) => f.hasError,
  fault: (f) => f.hasFault,
  throttle: (f) => f.hasThrottle,
  partial: (f) => f.isPartial,
};

const NUMBERS: Readonly<Record<string, (f: TraceFacts) => number | undefined>> = {
  responsetime: (f) => f.responseTime,
  duration: (f) => f.duration,
  'http.status': (f) => f.http.status,
};

const STRINGS: Readonly<Record<string, (f: TraceFacts) => string | undefined>> = {
  'http.url': (f) => f.http.url,
  'http.method': (f) => f.http.method,
};

class Parser {
  #pos = 0;
  constructor(readonly tokens: readonly Token[]) {}

  #peek(): Token | undefined {
    return this.tokens[this.#pos];
  }

  #next(): Token {
    const t = this.tokens[this.#pos++];
    if (t === undefined) throw invalid('unexpected end of expression');
    return t;
  }

  #isWord(v: string): boolean {
    const t = this.#peek();
    return (t?.kind === 'word' && t.v.toLowerCase() === v) || (t?.kind === 'sym' && t.v === v);
  }

  #expect(sym: string): void {
    const t = this.#next();
    if (t.kind !== 'sym' || t.v !== sym) throw invalid(`expected '${sym}'`);
  }

  parse(): TraceFilter {
    const f = this.#or();
    if (this.#peek() !== undefined) throw invalid('unexpected input after the expression');
    return f;
  }

  #or(): TraceFilter {
    let left = this.#and();
    while (this.#isWord('or')) {
      this.#pos++;
      const l = left;
      const r = this.#and();
      left = (f) => l(f) || r(f);
    }
    return left;
  }

  #and(): TraceFilter {
    let left = this.#unary();
    while (this.#isWord('and')) {
      this.#pos++;
      const l = left;
      const r = this.#unary();
      left = (f) => l(f) && r(f);
    }
    return left;
  }

  #unary(): TraceFilter {
    if (this.#isWord('!')) {
      this.#pos++;
      const inner = this.#unary();
      return (f) => !inner(f);
    }
    if (this.#isWord('(')) {
      this.#pos++;
      const inner = this.#or();
      this.#expect(')');
      return inner;
    }
    return this.#predicate();
  }

  #op(): Op | undefined {
    const t = this.#peek();
    if (t?.kind === 'sym' && ['=', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      this.#pos++;
      return t.v as Op;
    }
    return undefined;
  }

  #literal(): Literal {
    const t = this.#next();
    if (t.kind === 'str' || t.kind === 'num') return t.v;
    if (t.kind === 'word' && (t.v === 'true' || t.v === 'false')) return t.v === 'true';
    throw invalid('expected a string, number or boolean');
  }

  #predicate(): TraceFilter {
    const t = this.#next();
    if (t.kind !== 'word') throw invalid('expected a keyword');
    const word = t.v.toLowerCase();
    if (word === 'service') return this.#service();
    if (word === 'annotation' && this.#isWord('[')) {
      this.#pos++;
      const key = this.#next();
      if (key.kind !== 'word' && key.kind !== 'str') throw invalid('expected an annotation key');
      this.#expect(']');
      return this.#annotation(String(key.v));
    }
    if (word.startsWith('annotation.') && word.length > 'annotation.'.length) return this.#annotation(t.v.slice('annotation.'.length));
    const flag = FLAGS[word];
    if (flag !== undefined) {
      const op = this.#op();
      if (op === undefined) return flag;
      const v = this.#literal();
      if (typeof v !== 'boolean' || (op !== '=' && op !== '!=')) throw invalid(`${word} compares only with = or != and true or false`);
      return (f) => compare(flag(f), op, v);
    }
    const num = NUMBERS[word];
    if (num !== undefined) {
      const op = this.#op();
      const v = op === undefined ? undefined : this.#literal();
      if (op === undefined || typeof v !== 'number') throw invalid(`${word} needs a comparison with a number`);
      return (f) => compare(num(f), op, v);
    }
    const text = STRINGS[word];
    if (text !== undefined || word === 'user') {
      const op = this.#op();
      const v = op === undefined ? undefined : this.#literal();
      if ((op !== '=' && op !== '!=') || typeof v !== 'string') throw invalid(`${word} compares only with = or != and a string`);
      if (text !== undefined) return (f) => compare(text(f), op, v);
      return (f) => (op === '=' ? f.users.includes(v) : !f.users.includes(v));
    }
    throw invalid(`unsupported keyword '${t.v}'`);
  }

  #service(): TraceFilter {
    this.#expect('(');
    const t = this.#next();
    if (t.kind === 'sym' && t.v === ')') return (f) => f.services.length > 0;
    if (t.kind !== 'str') throw invalid('service() takes a quoted name');
    this.#expect(')');
    const name = t.v;
    return (f) => f.services.some((s) => s.name === name);
  }

  #annotation(key: string): TraceFilter {
    const op = this.#op();
    if (op === undefined) return (f) => f.annotations.has(key);
    const v = this.#literal();
    // A trace matches when one of the values recorded under the key does (`!=`: none equals it).
    if (op === '!=') return (f) => !(f.annotations.get(key) ?? []).some((a: AnnotationValue) => a === v);
    return (f) => (f.annotations.get(key) ?? []).some((a: AnnotationValue) => compare(a, op, v));
  }
}

export function parseFilterExpression(text: string): TraceFilter {
  if (text.length > MAX_EXPRESSION) throw invalid('expression too long');
  const tokens = tokenize(text);
  if (tokens.length === 0) return () => true;
  return new Parser(tokens).parse();
}
