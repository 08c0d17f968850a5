/**
 * Session policies and session tags of AssumeRole: validated as STS does and measured against the packed
 * size budget STS gives them together.
 */
import type { StoreTx } from '../../../store/store.js';
import { defaultDocument, findPolicy } from '../../../iam/policy/managed-policy-lookup.js';
import { policySize } from '../../../iam/policy/policy-size.js';
import { parsePolicyDocument } from '../../../iam/policy/policy-document.js';
import { PackedPolicyTooLargeError, checkString, stsValidation } from './sts-errors.js';
import { MalformedPolicyDocumentError } from '../../../shared/errors/query-errors.js';

/**
 * STS packs the inline policy, the policy ARNs and the tags into one binary budget whose format it does not
 * document. lambdabox counts their characters without white space against 2,048 (the Policy member's own
 * maximum), so an inline policy at that maximum plus tags or ARNs is refused as too large.
 */
const PACKED_BUDGET = 2048;
const MAX_POLICY_ARNS = 10;
const MAX_TAGS = 50;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export interface SessionInputs {
  /** Documents in evaluation order: the inline policy first, then each managed policy's default version. */
  readonly policies: string[];
  readonly tags: Record<string, string>;
  /** Percentage of the packed budget used, when any policy or tag was given. */
  readonly packedPolicySize?: number;
}

export async function resolveSessionInputs(
  tx: StoreTx,
  roleAccountId: string,
  policy: string | undefined,
  policyArns: readonly string[],
  tags: ReadonlyArray<Record<string, string>>,
): Promise<SessionInputs> {
  const policies: string[] = [];
  let packed = 0;
  if (policy !== undefined) {
    checkString(policy, 'policy', 1, 2048);
    const parsed = parsePolicyDocument(policy, 'identity');
    if (!parsed.ok) throw new MalformedPolicyDocumentError(parsed.message);
    policies.push(policy);
    packed += policySize(policy);
  }
  if (policyArns.length > MAX_POLICY_ARNS) {
    throw stsValidation(
      `1 validation error detected: Value '[${policyArns.join(', ')}]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_POLICY_ARNS}`,
    );
  }
  for (const arn of policyArns) {
    checkString(arn, 'policyArns.member.arn', 20, 2048);
    const found = await findPolicy(tx, roleAccountId, arn);
    const document = found === undefined ? undefined : await defaultDocument(tx, found.record);
    if (document === undefined) throw new MalformedPolicyDocumentError(`Policy ${arn} does not exist or is not attachable.`);
    policies.push(document);
    packed += arn.length;
  }
  const tagMap = checkSessionTags(tags);
  for (const [k, v] of Object.entries(tagMap)) packed += k.length + v.length;
  const percent = Math.ceil((packed * 100) / PACKED_BUDGET);
  if (percent > 100) throw new PackedPolicyTooLargeError(percent);
  const any = policies.length > 0 || Object.keys(tagMap).length > 0;
  return { policies, tags: tagMap, ...(any ? { packedPolicySize: percent } : {}) };
}

function checkSessionTags(tags: ReadonlyArray<Record<string, string>>): Record<string, string> {
  if (tags.length > MAX_TAGS) {
    throw stsValidation(
      `1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`,
    );
  }
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag['Key'];
    const value = tag['Value'] ?? '';
    if (key === undefined) throw stsValidation("1 validation error detected: Value null at 'tags.member.key' failed to satisfy constraint: Member must not be null");
    checkString(key, 'tags.member.key', 1, 128, TAG_KEY);
    checkString(value, 'tags.member.value', 0, 256, TAG_VALUE);
    if (seen.has(key.toLowerCase())) {
      throw stsValidation('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    }
    seen.add(key.toLowerCase());
    out[key] = value;
  }
  return out;
}
