/**
 * zod schemas for the JSON wire types of Lambda request bodies. A member of the wrong JSON type is
 * rejected the way Lambda's Coral deserializer rejects it: 400 SerializationException, before model
 * validation. `null` reads as absent (Coral treats an explicit null like a missing member) and
 * unknown members are dropped, as AWS ignores them.
 *
 * Messages: `…TruncatingBigNumber can not be converted to an String` is recorded from real Lambda
 * (async-aws/aws#759) and `Start of structure or map found where not expected.` from Coral services
 * (aws-amplify/amplify-js#13265); the other phrasings follow the same Coral style but are unverified.
 */
import { z } from 'zod';
import { SerializationError } from '../../shared/errors/lambda-errors.js';

type Target = 'String' | 'Integer' | 'Double' | 'Boolean' | 'Structure' | 'List' | 'Map';

function token(input: unknown): string {
  if (input === null || input === undefined) return 'VALUE_NULL';
  if (Array.isArray(input)) return 'START_ARRAY';
  switch (typeof input) {
    case 'string':
      return 'STRING_VALUE';
    case 'number':
      return 'NUMBER_VALUE';
    case 'boolean':
      return input ? 'VALUE_TRUE' : 'VALUE_FALSE';
    default:
      return 'START_OBJECT';
  }
}

export function serializationMessage(target: Target, input: unknown): string {
  const scalarTarget = target !== 'Structure' && target !== 'List' && target !== 'Map';
  if (scalarTarget && Array.isArray(input)) return 'Start of list found where not expected';
  if (scalarTarget && input !== null && typeof input === 'object') {
    return 'Start of structure or map found where not expected.';
  }
  if (target === 'String' && typeof input === 'number') {
    return 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String';
  }
  if (target === 'String' && typeof input === 'boolean') {
    return 'class java.lang.Boolean can not be converted to an String';
  }
  const article = target === 'Integer' ? 'an' : 'a';
  return `${token(input)} can not be converted to ${article} ${target}`;
}

const fail =
  (target: Target) =>
  (issue: { readonly input?: unknown }): string =>
    serializationMessage(target, issue.input);

/** Optional member: null and absent both read as `undefined`. */
function optional<T extends z.ZodType>(schema: T): z.ZodType<z.output<T> | undefined> {
  return schema.nullish().transform((v) => v ?? undefined) as unknown as z.ZodType<z.output<T> | undefined>;
}

export const wire = {
  string: () => optional(z.string({ error: fail('String') })),
  /** JSON numbers for Integer members are truncated, as Coral's TruncatingBigNumber does. */
  integer: () => optional(z.number({ error: fail('Integer') }).transform(Math.trunc)),
  double: () => optional(z.number({ error: fail('Double') })),
  boolean: () => optional(z.boolean({ error: fail('Boolean') })),
  /** A base64 blob member: validated and decoded by the caller, which knows the right error. */
  blob: () => optional(z.string({ error: fail('String') })),
  struct: <S extends z.ZodRawShape>(shape: S) => optional(z.object(shape, { error: fail('Structure') })),
  list: <T extends z.ZodType>(item: T) => optional(z.array(item, { error: fail('List') })),
  map: <T extends z.ZodType>(value: T) =>
    optional(z.record(z.string(), value, { error: fail('Map') })),
  /** A list or map element: null elements are kept so model validation can report them. */
  stringItem: () => z.string({ error: fail('String') }).nullable(),
  doubleItem: () => z.number({ error: fail('Double') }).nullable(),
};

/** Decodes a request body against its wire schema; a body that is not a JSON object reads as `{}` only when absent. */
export function decodeBody<S extends z.ZodRawShape>(shape: S, body: unknown): z.output<z.ZodObject<S>> {
  const schema = z.object(shape, { error: fail('Structure') });
  const result = schema.safeParse(body === undefined || body === null ? {} : body);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new SerializationError(first?.message ?? 'Unable to parse request body.');
}
