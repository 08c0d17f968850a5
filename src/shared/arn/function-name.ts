/**
 * What Lambda's `{FunctionName}` may be: a name, `<account>:function:<name>`, a partial or a full ARN,
 * each optionally `:<qualifier>`. One grammar, several dialects: the model's two shapes (FunctionName,
 * NamespacedFunctionName) and the IAM layer's lenient reading, which must find a resource to authorize
 * even in a malformed name (the handler then reports the validation error).
 */
import { REGION_SOURCE, REGION_SOURCE_WITHOUT_EUSC } from './ids.js';

export interface FunctionNameDialect {
  /** Regular-expression source of the ARN prefix's partition. */
  readonly partition: string;
  readonly region: string;
  readonly name: string;
  readonly qualifier: string;
}

/** The FunctionName shape (CreateFunction, UpdateFunction*, PublishVersion, aliases, concurrency). */
export const FUNCTION_NAME_DIALECT: FunctionNameDialect = {
  partition: '(?:aws[a-zA-Z-]*)?',
  region: REGION_SOURCE,
  name: '[a-zA-Z0-9-_]+',
  qualifier: '\\$LATEST|[a-zA-Z0-9-_]+',
};

/** The NamespacedFunctionName shape (GetFunction, DeleteFunction, Invoke, event-invoke configs, policies). */
export const NAMESPACED_FUNCTION_NAME_DIALECT: FunctionNameDialect = {
  partition: '(?:aws[a-zA-Z-]*)?',
  region: REGION_SOURCE,
  name: '[a-zA-Z0-9-_.]+',
  qualifier: '\\$LATEST(?:\\.PUBLISHED)?|[a-zA-Z0-9-_]+',
};

/**
 * The IAM layer's reading: any name (even empty) and qualifier without colons, a partition that is
 * spelled out, and regions without `eusc-` (kept as they were when this was its own regular expression).
 */
export const LENIENT_FUNCTION_NAME_DIALECT: FunctionNameDialect = {
  partition: 'aws[a-zA-Z-]*',
  region: REGION_SOURCE_WITHOUT_EUSC,
  name: '[^:]*',
  qualifier: '[^:]+',
};

export interface FunctionNameParts {
  readonly name: string;
  readonly qualifier?: string;
  readonly accountId?: string;
  readonly region?: string;
}

/** The dialect as one anchored regular expression with named parts. */
export function functionNamePattern(d: FunctionNameDialect): RegExp {
  return new RegExp(
    `^(?:arn:${d.partition}:lambda:)?(?:(?<region>${d.region}):)?(?:(?<account>\\d{12}):)?(?:function:)?` +
      `(?<name>${d.name})(?::(?<qualifier>${d.qualifier}))?$`,
  );
}

/** Splits `raw` by a pattern from functionNamePattern; undefined when it does not match. */
export function splitFunctionName(raw: string, pattern: RegExp): FunctionNameParts | undefined {
  const groups = pattern.exec(raw)?.groups;
  const name = groups?.['name'];
  if (groups === undefined || name === undefined) return undefined;
  return {
    name,
    ...(groups['qualifier'] === undefined ? {} : { qualifier: groups['qualifier'] }),
    ...(groups['account'] === undefined ? {} : { accountId: groups['account'] }),
    ...(groups['region'] === undefined ? {} : { region: groups['region'] }),
  };
}
