/**
 * Whether a function's logs may land: Lambda writes them as the execution role, so the role needs
 * logs:CreateLogStream and logs:PutLogEvents on the stream (AWSLambdaBasicExecutionRole grants both);
 * without them AWS drops the logs. The decision is evaluated, not recorded (the writes are Lambda's own,
 * as CloudTrail records no PutLogEvents of Lambda's), and kept per role and stream until IAM changes or
 * a minute passes (so a condition on time or a tag is read again soon).
 */
import type { Authorize } from '../../iam/authz/authorize.js';
import { executionRoleCaller } from '../../iam/execution-role-caller.js';

const ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

export interface LogWriter {
  readonly accountId: string;
  readonly region: string;
  readonly roleArn: string;
  readonly functionArn: string;
  readonly functionName: string;
  readonly group: string;
  readonly stream: string;
}

export interface LogPermissionOptions {
  readonly authorize: Authorize;
  /** Changes whenever IAM changes (StorePolicySource.generation). */
  readonly policyGeneration: () => number;
  readonly now?: () => number;
}

export function logStreamArn(region: string, accountId: string, group: string, stream: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${group}:log-stream:${stream}`;
}

export class LogPermission {
  readonly #o: LogPermissionOptions;
  readonly #now: () => number;
  /** Promises, so concurrent writers of one stream share one evaluation and their logs keep their order. */
  readonly #cache = new Map<string, { allowed: Promise<boolean>; generation: number; at: number }>();

  constructor(options: LogPermissionOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  allowed(w: LogWriter): Promise<boolean> {
    const resource = logStreamArn(w.region, w.accountId, w.group, w.stream);
    const key = `${w.roleArn}\n${resource}`;
    const generation = this.#o.policyGeneration();
    const now = this.#now();
    const hit = this.#cache.get(key);
    if (hit !== undefined && hit.generation === generation && now - hit.at < TTL_MS) return hit.allowed;
    // A failed evaluation (the store unreachable) drops this batch, but is not remembered as a denial.
    const allowed = this.#evaluate(w, resource, new Date(now)).catch(() => {
      if (this.#cache.get(key)?.allowed === allowed) this.#cache.delete(key);
      return false;
    });
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
    this.#cache.set(key, { allowed, generation, at: now });
    return allowed;
  }

  async #evaluate(w: LogWriter, resource: string, now: Date): Promise<boolean> {
    const caller = executionRoleCaller(w.roleArn, w.functionArn, w.functionName, now);
    if (caller === undefined) return false;
    for (const action of ACTIONS) {
      const decision = await this.#o.authorize.explain(
        caller,
        { action, resource, resourceAccountId: w.accountId },
        { sourceIp: '', secureTransport: true, now, region: w.region, requestId: '' },
      );
      if (decision.decision !== 'Allowed') return false;
    }
    return true;
  }
}
