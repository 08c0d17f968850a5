/**
 * Which taggable resource an ARN being authorized names, and where its tags come from: the authorizer
 * supplies `aws:ResourceTag/…` for every request itself, so no service can forget to. Functions (a
 * qualified ARN names a version or alias, whose tags are the function's, as in AWS), SQS queues, IAM
 * users, roles and customer managed policies are taggable; layers, groups and `*` are not.
 */
import type { Store } from '../../store/store.js';
import type { TaggedResourceKey } from '../../store/resource-tag-cache.js';
import type { Tags } from './tag-context.js';
import { parseFunctionArn } from '../../shared/arn/function-arn.js';
import { parseQueueArn } from '../../shared/arn/queue-arn.js';
import { parseIamArn } from '../../shared/arn/role-arn.js';
import { isAccountId, isAwsPartition } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';

export interface ResourceTagSource {
  /** The tags of the resource `arn` names in the served `region`; undefined when it names none that exists. */
  tagsOf(arn: string, region: string): Promise<Tags | undefined>;
}

const TAGGED_IAM_KINDS: ReadonlySet<string> = new Set(['user', 'role', 'policy']);

// Any name the ARN can hold, in any `aws…` partition: a key that names nothing stored finds no tags.
export function taggedResourceKey(arn: string, region: string): TaggedResourceKey | undefined {
  const fn = valueOf(parseFunctionArn(arn));
  if (fn !== undefined && isAwsPartition(fn.partition) && fn.region !== '') {
    return fn.region === region ? { kind: 'function', accountId: fn.accountId, name: fn.name } : undefined;
  }
  const queue = valueOf(parseQueueArn(arn));
  if (queue !== undefined && isAwsPartition(queue.partition) && queue.region !== '') {
    return queue.region === region ? { kind: 'queue', accountId: queue.accountId, name: queue.name } : undefined;
  }
  const iam = valueOf(parseIamArn(arn));
  if (iam === undefined || !isAwsPartition(iam.partition) || !isAccountId(iam.accountId) || !TAGGED_IAM_KINDS.has(iam.kind)) return undefined;
  if (iam.path.includes(':') || iam.name.includes(':')) return undefined;
  const kind = iam.kind as 'user' | 'role' | 'policy';
  // Managed policies are looked up by ARN; users and roles by name (unique in the account whatever the path).
  return { kind, accountId: iam.accountId, name: kind === 'policy' ? arn : iam.name };
}

export class StoreResourceTags implements ResourceTagSource {
  readonly #store: Store;

  constructor(options: { readonly store: Store }) {
    this.#store = options.store;
  }

  async tagsOf(arn: string, region: string): Promise<Tags | undefined> {
    const key = taggedResourceKey(arn, region);
    if (key === undefined) return undefined;
    const [tags] = await this.#store.readResourceTags([key]);
    return tags;
  }
}
