/**
 * Function ARNs: `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`. The parser
 * takes the shape (a 12-digit account, a name and an optional qualifier without colons); the character
 * sets, the partition and whether the region may be empty are each call site's (see the predicates),
 * because the places that read function ARNs have always differed there, and still do.
 */
import type { Branded } from './brand.js';
import { parseArn } from './arn.js';
import { isAccountId } from './ids.js';
import { accepted, refused, type Parsed } from './result.js';

export type FunctionArn = Branded<'FunctionArn'>;

export interface FunctionArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
  readonly qualifier?: string;
}

export type FunctionArnRefusal = 'not an ARN' | 'not a Lambda ARN' | 'not an account id' | 'not a function';

/** Lambda's function-name characters (no `.`: the namespaced names are not in ARNs lambdabox builds). */
export const FUNCTION_NAME_CHARS = /^[a-zA-Z0-9-_]+$/;
/** A qualifier as destinations and delivery take it: a version, an alias or `$LATEST`. */
export const QUALIFIER_CHARS = /^[a-zA-Z0-9-_$]+$/;

export function parseFunctionArn(text: string): Parsed<FunctionArnParts, FunctionArnRefusal> {
  const arn = parseArn(text);
  if (!arn.ok) return refused('not an ARN');
  const { partition, service, region, accountId, resource } = arn.value;
  if (service !== 'lambda') return refused('not a Lambda ARN');
  if (!isAccountId(accountId)) return refused('not an account id');
  const parts = resource.split(':');
  const [kind, name, qualifier] = parts;
  if (kind !== 'function' || name === undefined || name === '' || parts.length > 3 || qualifier === '') return refused('not a function');
  return accepted({ partition, region, accountId, name, ...(qualifier === undefined ? {} : { qualifier }) });
}

/** Name and qualifier in Lambda's characters (`[a-zA-Z0-9-_]`, the qualifier also `$`). */
export function hasStrictNames(parts: FunctionArnParts): boolean {
  return FUNCTION_NAME_CHARS.test(parts.name) && (parts.qualifier === undefined || QUALIFIER_CHARS.test(parts.qualifier));
}

export function functionArn(parts: FunctionArnParts): FunctionArn {
  const base = `arn:${parts.partition}:lambda:${parts.region}:${parts.accountId}:function:${parts.name}`;
  return (parts.qualifier === undefined ? base : `${base}:${parts.qualifier}`) as FunctionArn;
}

/**
 * The function an ARN names, without its version or alias: its first seven sections. A stored string
 * (a configuration's FunctionArn) goes through unchanged when it has no qualifier.
 */
export function unqualified(arn: FunctionArn): FunctionArn;
export function unqualified(arn: string): string;
export function unqualified(arn: string): string {
  const sections = arn.split(':');
  return sections.length > 7 ? sections.slice(0, 7).join(':') : arn;
}

/** The function name of a function ARN (its seventh section). */
export function functionNameOf(arn: FunctionArn): string {
  return arn.split(':')[6] ?? '';
}

/**
 * A function ARN as destinations and dead-letter targets name one: a partition and a region spelled
 * out, Lambda's name and qualifier characters. Undefined for anything else.
 */
export function targetFunctionArnParts(text: string): FunctionArnParts | undefined {
  const parsed = parseFunctionArn(text);
  if (!parsed.ok) return undefined;
  const parts = parsed.value;
  return parts.partition !== '' && parts.region !== '' && hasStrictNames(parts) ? parts : undefined;
}
