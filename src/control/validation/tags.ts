/** TagResource / UntagResource inputs, the tagged resource ARN, and the tag rules CreateFunction shares. */
import { AccessDeniedError } from '../../shared/errors/aws-error.js';
import { InvalidParameterValueError, ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';
import type { ValidationContext } from './context.js';
import { TAG, TAGGABLE_RESOURCE } from './patterns.js';
import {
  mapKeysSatisfy,
  mapValuesSatisfy,
  matchesPattern,
  maxLength,
  membersSatisfy,
  minLength,
  notNull,
  ViolationList,
} from './violations.js';
import { decodeBody, wire } from './wire.js';
import { EGRESS_TAG, EgressPolicyError, parseEgressPolicy } from '../../shared/platform-tags/egress-policy.js';
import { isolationRank, isSandboxBackendName, SANDBOX_BACKEND_NAMES, SANDBOX_TAG } from '../../shared/platform-tags/sandbox-tag.js';
import type { SandboxBackendName } from '../../shared/platform-tags/sandbox-tag.js';
import { parseArn } from '../../shared/arn/arn.js';
import { hasLineTerminator, isAccountId } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';

/** Tags per resource. [LS test_tag_limits] */
export const MAX_TAGS = 50;

const KEY_CONSTRAINTS = [maxLength(128), minLength(1), matchesPattern(TAG.source)];
const VALUE_CONSTRAINTS = [maxLength(256), minLength(0), matchesPattern(TAG.source), notNull];

const validKey = (k: string): boolean => k.length >= 1 && k.length <= 128 && TAG.regex.test(k);
const validValue = (v: string | null): boolean => v !== null && v.length <= 256 && TAG.regex.test(v);
/**
 * lambdabox's egress policy tag (a lambdabox extension AWS never sees) also takes the `*` wildcard
 * and `,` separators its syntax needs; its content is checked by checkTagRules.
 */
const EGRESS_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@*,[\]]*$/u;
const validEntry = (k: string, v: string | null): boolean =>
  validValue(v) || (k === EGRESS_TAG && v !== null && v.length <= 256 && EGRESS_VALUE.test(v));

/** Model checks of a Tags map member (`field` is `tags`). */
export function checkTagsShape(
  tags: Readonly<Record<string, string | null>> | undefined,
  violations: ViolationList,
): void {
  if (tags === undefined) return;
  if (Object.keys(tags).some((k) => !validKey(k))) violations.add('tags', tags, mapKeysSatisfy(KEY_CONSTRAINTS));
  if (Object.entries(tags).some(([k, v]) => !validEntry(k, v))) violations.add('tags', tags, mapValuesSatisfy(VALUE_CONSTRAINTS));
}

/** Service checks on a set of tags (for TagResource the service also counts the existing ones). */
export function checkTagRules(tags: Readonly<Record<string, string>>): void {
  // Reserved prefix: the rule is AWS-wide tagging policy; this wording is lambdabox's (unverified for Lambda).
  const reserved = Object.keys(tags).find((k) => k.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) {
    throw new InvalidParameterValueError(`Tag keys starting with 'aws:' are reserved for internal use: ${reserved}`);
  }
  const egress = tags[EGRESS_TAG];
  if (egress !== undefined) {
    try {
      parseEgressPolicy(egress);
    } catch (err) {
      if (!(err instanceof EgressPolicyError)) throw err;
      throw new InvalidParameterValueError(`Invalid ${EGRESS_TAG} tag: ${err.message}`);
    }
  }
  const sandbox = tags[SANDBOX_TAG];
  if (sandbox !== undefined && !isSandboxBackendName(sandbox)) {
    // Whether this host can run it is the invoke's concern: the configuration outlives the host's packages.
    throw new InvalidParameterValueError(
      `Invalid ${SANDBOX_TAG} tag value '${sandbox}': it must be one of ${SANDBOX_BACKEND_NAMES.join(', ')}.`,
    );
  }
  // [LS test_tag_limits/create_function_invalid_tags, tag_lambda_too_many_tags]
  if (Object.keys(tags).length > MAX_TAGS) {
    throw new InvalidParameterValueError('Number of tags exceeds resource tag limit.');
  }
}

/**
 * A `lambdabox:sandbox` tag may only raise isolation above the server's default (bwrap < gvisor):
 * a tenant must not opt its code out of the isolation the operator chose for everyone. Checked by
 * the operations (CreateFunction, TagResource), which know the server's default.
 */
export function checkSandboxTagFloor(tags: Readonly<Record<string, string>>, serverDefault: SandboxBackendName): void {
  const requested = tags[SANDBOX_TAG];
  if (requested === undefined || !isSandboxBackendName(requested)) return;
  if (isolationRank(requested) < isolationRank(serverDefault)) {
    throw new InvalidParameterValueError(
      `Invalid ${SANDBOX_TAG} tag value '${requested}': this server runs functions in ${serverDefault} at least, ` +
        `and a tag may only raise isolation above the server's default (${SANDBOX_BACKEND_NAMES.join(' < ')}).`,
    );
  }
}

export function definedTags(tags: Readonly<Record<string, string | null>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) if (v !== null) out[k] = v;
  return out;
}

/** TagResource body. */
export function parseTagsInput(body: unknown): { Tags: Record<string, string> } {
  const input = decodeBody({ Tags: wire.map(wire.stringItem()) }, body);
  const violations = new ViolationList();
  if (violations.required('tags', input.Tags)) checkTagsShape(input.Tags, violations);
  violations.throwIfAny();
  const tags = definedTags(input.Tags);
  // [LS test_tag_exceptions/tag_empty_tags]
  if (Object.keys(tags).length === 0) {
    throw new InvalidParameterValueError('An error occurred and the request cannot be processed.');
  }
  checkTagRules(tags);
  return { Tags: tags };
}

/** UntagResource `?tagKeys=a&tagKeys=b`. No keys at all reads as a null member. [LS untag_empty_keys] */
export function parseTagKeys(query: URLSearchParams): string[] {
  const keys = query.getAll('tagKeys');
  const violations = new ViolationList();
  if (keys.length === 0) violations.add('tagKeys', null, notNull);
  else if (keys.some((k) => !validKey(k))) violations.add('tagKeys', keys, membersSatisfy([...KEY_CONSTRAINTS, notNull]));
  violations.throwIfAny();
  return keys;
}

export type TaggableResource =
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'code-signing-config' | 'event-source-mapping' | 'layer' | 'capacity-provider'; readonly id: string };

const TAGGABLE_KINDS: ReadonlySet<string> = new Set(['function', 'code-signing-config', 'event-source-mapping', 'layer', 'capacity-provider']);

interface ResourceParts {
  readonly region: string;
  readonly accountId: string;
  readonly kind: string;
  readonly id: string;
  /** Everything after the id (one line: the `.+` this replaced never spanned lines). */
  readonly qualifier?: string;
}

export function resourceParts(text: string): ResourceParts | undefined {
  const arn = valueOf(parseArn(text));
  if (arn === undefined || arn.service !== 'lambda' || arn.region === '' || !isAccountId(arn.accountId)) return undefined;
  const [kind = '', id = '', ...rest] = arn.resource.split(':');
  const qualifier = rest.length === 0 ? undefined : rest.join(':');
  if (!TAGGABLE_KINDS.has(kind) || id === '' || qualifier === '' || (qualifier !== undefined && hasLineTerminator(qualifier))) return undefined;
  return { region: arn.region, accountId: arn.accountId, kind, id, ...(qualifier === undefined ? {} : { qualifier }) };
}

/** The {Resource} path segment of the tag operations (already percent-decoded). */
export function resolveTaggableResource(arn: string, ctx: ValidationContext): TaggableResource {
  const violations = new ViolationList();
  violations.string('resource', arn, { min: 1, max: 10000, pattern: TAGGABLE_RESOURCE });
  violations.throwIfAny();
  const g = resourceParts(arn);
  if (g === undefined) {
    throw new InvalidParameterValueError(`Invalid resource ARN: ${arn}`); // unreachable once the pattern passed
  }
  const { region, accountId: account, kind, id } = g;
  if (account !== ctx.accountId) throw new AccessDeniedError();
  if (region !== ctx.region) {
    throw new ResourceNotFoundError(`Functions from '${region}' are not reachable in this region ('${ctx.region}')`);
  }
  if (kind === 'function') {
    // [LS test_tag_exceptions/tag_lambda_qualifier_doesnotexist, test_tag_versions]
    if (g.qualifier !== undefined) {
      throw new InvalidParameterValueError('Tags on function aliases and versions are not supported. Please specify a function ARN.');
    }
    return { kind, name: id };
  }
  if (kind === 'code-signing-config' || kind === 'event-source-mapping' || kind === 'layer' || kind === 'capacity-provider') {
    return { kind, id };
  }
  throw new InvalidParameterValueError(`Invalid resource ARN: ${arn}`);
}
