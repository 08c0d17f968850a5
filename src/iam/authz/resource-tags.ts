/**
 * Which taggable resource an ARN being authorized names, and where its tags come from: the authorizer
 * supplies `aws:ResourceTag/…` for every request itself, so no service can forget to. Functions (a
 * qualified ARN names a version or alias, whose tags are the function's, as in AWS), SQS queues, IAM
 * users, roles and customer managed policies are taggable; layers, groups and `*` are not.
 */
import type { Store } from '../../store/store.js';
import type { TaggedResourceKey } from '../../store/resource-tag-cache.js';
import type { Tags } from './tag-context.js';

export interface ResourceTagSource {
  /** The tags of the resource `arn` names in the served `region`; undefined when it names none that exists. */
  tagsOf(arn: string, region: string): Promise<Tags | undefined>;
}

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:(?<region>[^:]+):(?<account>\d{12}):function:(?<name>[^:]+)(?::[^:]+)?$/;
const QUEUE_ARN = /^arn:aws[a-zA-Z-]*:sqs:(?<region>[^:]+):(?<account>\d{12}):(?<name>[^:]+)$/;
const IAM_ARN = /^arn:aws[a-zA-Z-]*:iam::(?<account>\d{12}):(?<kind>user|role|policy)\/(?:[^:]*\/)?(?<name>[^/:]+)$/;

export function taggedResourceKey(arn: string, region: string): TaggedResourceKey | undefined {
  const fn = FUNCTION_ARN.exec(arn)?.groups;
  if (fn !== undefined) {
    return fn['region'] === region ? { kind: 'function', accountId: fn['account'] ?? '', name: fn['name'] ?? '' } : undefined;
  }
  const queue = QUEUE_ARN.exec(arn)?.groups;
  if (queue !== undefined) {
    return queue['region'] === region ? { kind: 'queue', accountId: queue['account'] ?? '', name: queue['name'] ?? '' } : undefined;
  }
  const iam = IAM_ARN.exec(arn)?.groups;
  if (iam === undefined) return undefined;
  const kind = iam['kind'] as 'user' | 'role' | 'policy';
  // Managed policies are looked up by ARN; users and roles by name (unique in the account whatever the path).
  return { kind, accountId: iam['account'] ?? '', name: kind === 'policy' ? arn : (iam['name'] ?? '') };
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
