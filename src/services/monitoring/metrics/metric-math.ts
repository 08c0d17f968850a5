/**
 * Metric math for GetMetricData and alarms: arithmetic (+ - * / ^, unary minus, parentheses) on query ids
 * and numbers, and the functions SUM, AVG, MIN, MAX (of one series: a scalar over its points; of several,
 * or of METRICS(): a series, point by point), METRICS() (every MetricStat query, or those whose id starts
 * with the argument) and FILL(series, value). Series combine where both have a point, as in CloudWatch.
 */
import { validationError } from '../monitoring-errors.js';

export type Series = Map<number, number>;
type Value = { readonly kind: 'series'; readonly s: Series } | { readonly kind: 'scalar'; readonly v: number } | { readonly kind: 'list'; readonly items: Series[] };

type Node =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'id'; readonly name: string }
  | { readonly t: 'neg'; readonly e: Node }
  | { readonly t: 'bin'; readonly op: string; readonly l: Node; readonly r: Node }
  | { readonly t: 'call'; readonly fn: string; readonly args: readonly Node[] }
  | { readonly t: 'str'; readonly v: string };

export interface MathContext {
  /** The series of a query id, or undefined when no query has it. */
  series(id: string): Series | undefined;
  /** Ids of the MetricStat queries, in request order. */
  metricIds(): readonly string[];
}

function fail(expression: string, detail: string): Error {
  return validationError(`Error in expression '${expression}': ${detail}`);
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|"[^"]*"|'[^']*'|[-+*/^(),])/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null || m[1] === undefined) throw fail(text, `Syntax error at position ${pos}`);
    tokens.push(m[1]);
    pos = re.lastIndex;
  }
  return tokens;
}

export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (want?: string): string => {
    const t = tokens[i];
    if (t === undefined || (want !== undefined && t !== want)) throw fail(text, `Syntax error, expected ${want ?? 'more input'}`);
    i++;
    return t;
  };
  const primary = (): Node => {
    const t = take();
    if (t === '(') {
      const e = sum();
      take(')');
      return e;
    }
    if (t === '-') return { t: 'neg', e: power() };
    if (/^\d/.test(t)) return { t: 'num', v: Number(t) };
    if (/^["']/.test(t)) return { t: 'str', v: t.slice(1, -1) };
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(') {
        take('(');
        const args: Node[] = [];
        if (peek() !== ')') {
          args.push(sum());
          while (peek() === ',') {
            take(',');
            args.push(sum());
          }
        }
        take(')');
        return { t: 'call', fn: t.toUpperCase(), args };
      }
      return { t: 'id', name: t };
    }
    throw fail(text, `Syntax error near '${t}'`);
  };
  const power = (): Node => {
    const l = primary();
    if (peek() === '^') {
      take('^');
      return { t: 'bin', op: '^', l, r: power() };
    }
    return l;
  };
  const product = (): Node => {
    let l = power();
    while (peek() === '*' || peek() === '/') l = { t: 'bin', op: take(), l, r: power() };
    return l;
  };
  const sum = (): Node => {
    let l = product();
    while (peek() === '+' || peek() === '-') l = { t: 'bin', op: take(), l, r: product() };
    return l;
  };
  const root = sum();
  if (i !== tokens.length) throw fail(text, `Syntax error near '${tokens[i] ?? ''}'`);
  return root;
}

/** The ids an expression reads (so queries can be evaluated in dependency order). */
export function referencedIds(node: Node): string[] {
  switch (node.t) {
    case 'id':
      return [node.name];
    case 'neg':
      return referencedIds(node.e);
    case 'bin':
      return [...referencedIds(node.l), ...referencedIds(node.r)];
    case 'call':
      return node.args.flatMap(referencedIds);
    default:
      return [];
  }
}

export function usesMetrics(node: Node): boolean {
  if (node.t === 'call') return node.fn === 'METRICS' || node.args.some(usesMetrics);
  if (node.t === 'bin') return usesMetrics(node.l) || usesMetrics(node.r);
  if (node.t === 'neg') return usesMetrics(node.e);
  return false;
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return a ** b;
  }
}

function combine(op: string, l: Value, r: Value, text: string): Value {
  if (l.kind === 'list' || r.kind === 'list') {
    if (l.kind === 'list' && r.kind !== 'list') return { kind: 'list', items: l.items.map((s) => asSeries(combine(op, { kind: 'series', s }, r, text))) };
    if (r.kind === 'list' && l.kind !== 'list') return { kind: 'list', items: r.items.map((s) => asSeries(combine(op, l, { kind: 'series', s }, text))) };
    throw fail(text, 'Arithmetic between two arrays of time series is not supported');
  }
  if (l.kind === 'scalar' && r.kind === 'scalar') return { kind: 'scalar', v: apply(op, l.v, r.v) };
  const out: Series = new Map();
  if (l.kind === 'series' && r.kind === 'series') {
    for (const [ts, a] of l.s) {
      const b = r.s.get(ts);
      if (b !== undefined) out.set(ts, apply(op, a, b));
    }
  } else if (l.kind === 'series' && r.kind === 'scalar') for (const [ts, a] of l.s) out.set(ts, apply(op, a, r.v));
  else if (l.kind === 'scalar' && r.kind === 'series') for (const [ts, b] of r.s) out.set(ts, apply(op, l.v, b));
  return { kind: 'series', s: out };
}

function asSeries(v: Value): Series {
  return v.kind === 'series' ? v.s : new Map();
}

function reduce(fn: string, numbers: readonly number[]): number | undefined {
  if (numbers.length === 0) return undefined;
  switch (fn) {
    case 'SUM':
      return numbers.reduce((a, b) => a + b, 0);
    case 'AVG':
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'MIN':
      return Math.min(...numbers);
    default:
      return Math.max(...numbers);
  }
}

function evalNode(node: Node, ctx: MathContext, text: string): Value {
  switch (node.t) {
    case 'num':
      return { kind: 'scalar', v: node.v };
    case 'str':
      throw fail(text, `Unexpected string '${node.v}'`);
    case 'id': {
      const s = ctx.series(node.name);
      if (s === undefined) throw fail(text, `Unrecognized metric or expression '${node.name}'`);
      return { kind: 'series', s };
    }
    case 'neg':
      return combine('-', { kind: 'scalar', v: 0 }, evalNode(node.e, ctx, text), text);
    case 'bin':
      return combine(node.op, evalNode(node.l, ctx, text), evalNode(node.r, ctx, text), text);
    case 'call':
      return call(node, ctx, text);
  }
}

function call(node: Extract<Node, { t: 'call' }>, ctx: MathContext, text: string): Value {
  const { fn, args } = node;
  if (fn === 'METRICS') {
    const prefix = args[0]?.t === 'str' ? args[0].v : '';
    if (args.length > 1 || (args[0] !== undefined && args[0].t !== 'str')) throw fail(text, 'METRICS takes at most one string argument');
    return { kind: 'list', items: ctx.metricIds().filter((id) => id.startsWith(prefix)).map((id) => ctx.series(id) ?? new Map()) };
  }
  if (fn === 'FILL') {
    const [target, with_] = args;
    if (args.length !== 2 || target === undefined || with_ === undefined) throw fail(text, 'FILL takes two arguments');
    const value = evalNode(with_, ctx, text);
    if (value.kind !== 'scalar') throw fail(text, 'FILL takes a number as its second argument');
    const fill = (s: Series): Series => {
      const grid = new Set<number>();
      for (const id of ctx.metricIds()) for (const ts of ctx.series(id)?.keys() ?? []) grid.add(ts);
      for (const ts of s.keys()) grid.add(ts);
      return new Map([...grid].sort((a, b) => a - b).map((ts) => [ts, s.get(ts) ?? value.v]));
    };
    const v = evalNode(target, ctx, text);
    if (v.kind === 'list') return { kind: 'list', items: v.items.map(fill) };
    if (v.kind === 'scalar') return v;
    return { kind: 'series', s: fill(v.s) };
  }
  if (fn === 'SUM' || fn === 'AVG' || fn === 'MIN' || fn === 'MAX') {
    const values = args.map((a) => evalNode(a, ctx, text));
    const series: Series[] = [];
    for (const v of values) {
      if (v.kind === 'list') series.push(...v.items);
      else if (v.kind === 'series') series.push(v.s);
      else throw fail(text, `${fn} takes time series`);
    }
    const single = values.length === 1 && values[0]?.kind === 'series';
    if (single) {
      const r = reduce(fn, [...(series[0] ?? new Map<number, number>()).values()]);
      return r === undefined ? { kind: 'series', s: new Map() } : { kind: 'scalar', v: r };
    }
    const byTs = new Map<number, number[]>();
    for (const s of series) for (const [ts, v] of s) byTs.set(ts, [...(byTs.get(ts) ?? []), v]);
    const out: Series = new Map();
    for (const [ts, list] of [...byTs].sort((a, b) => a[0] - b[0])) {
      const r = reduce(fn, list);
      if (r !== undefined) out.set(ts, r);
    }
    return { kind: 'series', s: out };
  }
  throw fail(text, `Unknown function ${fn}`);
}

/**
 * Evaluates an expression to one series. A scalar becomes a flat series over the timestamps of the
 * MetricStat queries; an array of series is refused here (GetMetricData returns one series per query).
 */
export function evaluateExpression(text: string, node: Node, ctx: MathContext): Series {
  const v = evalNode(node, ctx, text);
  if (v.kind === 'series') return v.s;
  if (v.kind === 'list') {
    if (v.items.length === 1 && v.items[0] !== undefined) return v.items[0];
    throw fail(text, 'The expression returns an array of time series; wrap it in SUM, AVG, MIN or MAX');
  }
  const grid = new Set<number>();
  for (const id of ctx.metricIds()) for (const ts of ctx.series(id)?.keys() ?? []) grid.add(ts);
  return new Map([...grid].sort((a, b) => a - b).map((ts) => [ts, v.v]));
}
