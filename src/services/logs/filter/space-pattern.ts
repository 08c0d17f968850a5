/**
 * Space-delimited filter patterns (CloudWatch Logs "Using filter patterns to match terms in space-delimited log
 * events"): `[ip, user, ..., status = 4*, bytes > 1000]`. The message splits at spaces into fields, a
 * double-quoted or bracketed run being one field; each pattern field names one message field, `...` any number
 * of them. A field may carry conditions (`=`/`!=` with `*` wildcards, numeric `<`, `<=`, `>`, `>=`) joined with
 * `&&` / `||`, which may name other fields of the pattern.
 */
import { FilterPatternError } from './filter-pattern-error.js';
import { valueTest } from './value-match.js';

type Cmp = '=' | '!=' | '<' | '<=' | '>' | '>=';
interface Condition {
  readonly field: string;
  readonly test: (text: string) => boolean;
}
interface Field {
  readonly name: string;
  readonly ellipsis: boolean;
  /** Disjunction of conjunctions. */
  readonly conditions: readonly (readonly Condition[])[];
}

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Splits at top-level commas (not inside quotes). */
function splitFields(body: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\' && quoted && i + 1 < body.length) {
      cur += c + (body[i + 1] as string);
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (quoted) throw new FilterPatternError('unterminated quoted value');
  out.push(cur);
  return out;
}

function condition(text: string): Condition {
  const m = /^\s*([A-Za-z0-9_$.-]+)\s*(!=|<=|>=|=|<|>)\s*(.*?)\s*$/.exec(text);
  if (m === null) throw new FilterPatternError(`invalid condition ${text}`);
  const [, field = '', op = '=', raw = ''] = m;
  if (raw === '') throw new FilterPatternError('a condition needs a value');
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
  if (!quoted && !/^[^\s"=<>!]+$/.test(raw)) throw new FilterPatternError(`invalid value ${raw}`);
  const value = quoted ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  const cmp = op as Cmp;
  if (!quoted && NUMBER.test(value)) {
    const n = Number(value);
    return {
      field,
      test: (t) => {
        if (!NUMBER.test(t)) return cmp === '!=' ? t !== value : false;
        const v = Number(t);
        return cmp === '=' ? v === n : cmp === '!=' ? v !== n : cmp === '<' ? v < n : cmp === '<=' ? v <= n : cmp === '>' ? v > n : v >= n;
      },
    };
  }
  if (cmp !== '=' && cmp !== '!=') throw new FilterPatternError(`${cmp} needs a number`);
  const test = valueTest(value, quoted);
  return { field, test: (t) => test(t) === (cmp === '=') };
}

function parseField(text: string): Field {
  const trimmed = text.trim();
  if (trimmed === '') throw new FilterPatternError('an empty field');
  if (trimmed === '...') return { name: '...', ellipsis: true, conditions: [] };
  const name = /^[A-Za-z0-9_$.-]+/.exec(trimmed)?.[0];
  if (name === undefined) throw new FilterPatternError(`invalid field ${trimmed}`);
  if (trimmed === name) return { name, ellipsis: false, conditions: [] };
  const conditions = trimmed.split('||').map((any) => any.split('&&').map(condition));
  return { name, ellipsis: false, conditions };
}

/** The message's fields: split at whitespace, `"…"` and `[…]` each one field (without their delimiters). */
export function messageFields(message: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < message.length) {
    const c = message[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const close = c === '"' ? '"' : c === '[' ? ']' : undefined;
    if (close !== undefined) {
      const end = message.indexOf(close, i + 1);
      if (end >= 0) {
        out.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let end = i;
    while (end < message.length && !/\s/.test(message[end] as string)) end++;
    out.push(message.slice(i, end));
    i = end;
  }
  return out;
}

/** Assigns message fields to pattern fields (backtracking over `...`); the names' values, or undefined. */
function assign(fields: readonly Field[], tokens: readonly string[], fi: number, ti: number, out: Map<string, string>): boolean {
  if (fi === fields.length) return ti === tokens.length;
  const f = fields[fi] as Field;
  if (f.ellipsis) {
    for (let k = ti; k <= tokens.length; k++) if (assign(fields, tokens, fi + 1, k, out)) return true;
    return false;
  }
  if (ti >= tokens.length) return false;
  out.set(f.name, tokens[ti] as string);
  return assign(fields, tokens, fi + 1, ti + 1, out);
}

export function compileSpacePattern(pattern: string): (message: string) => boolean {
  const trimmed = pattern.trim();
  if (!trimmed.endsWith(']')) throw new FilterPatternError('a space-delimited pattern ends with ]');
  const fields = splitFields(trimmed.slice(1, -1)).map(parseField);
  const names = new Set(fields.map((f) => f.name));
  for (const f of fields) for (const all of f.conditions) for (const c of all) if (!names.has(c.field)) throw new FilterPatternError(`unknown field ${c.field}`);
  return (message) => {
    const values = new Map<string, string>();
    if (!assign(fields, messageFields(message), 0, 0, values)) return false;
    return fields.every(
      (f) => f.conditions.length === 0 || f.conditions.some((all) => all.every((c) => c.test(values.get(c.field) ?? ''))),
    );
  };
}
