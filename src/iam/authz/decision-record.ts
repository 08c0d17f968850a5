/**
 * One authorization decision as lambdabox records it (schema version 1). The audit trail builds on
 * this record (it will hash-chain the lines), so the shape is stable: add optional members only, never
 * rename or drop one. Deliberately absent: secrets, session tokens, signatures, access key ids and
 * request bodies — only who asked for what on which resource, the answer, and the statement that gave it.
 *
 * Members:
 * - `v`: schema version (1).
 * - `time`: ISO 8601 time the request was received.
 * - `requestId`: the front door's `x-amzn-RequestId`.
 * - `principal`: the caller's ARN (`…:root`, `…:user/…`, `arn:aws:sts::…:assumed-role/…`).
 * - `principalAccount`: the caller's account.
 * - `action`, `resource`, `resourceAccount`: what was asked for, on which ARN, owned by which account.
 * - `decision`: `Allowed` | `ExplicitlyDenied` | `ImplicitlyDenied`.
 * - `deciding`: the statement that decided, when one did: policy id (a managed policy's ARN, `<user or role ARN>/inline/<name>` for inline ones,
 *   `resource:<resource ARN>`, `session:<n>`), policy type, `sid` when the statement has one, and its 0-based index.
 * - `deniedBy`: for denials, the kind of policy that denied or failed to allow.
 * - `reason`: a short explanation of the rule that applied.
 * - `sourceIp`: the client address.
 */
import { z } from 'zod';

export const DECISION_RECORD_VERSION = 1;

const policyType = z.enum(['identity', 'resource', 'boundary', 'session']);

export const decisionRecordSchema = z.object({
  v: z.literal(DECISION_RECORD_VERSION),
  time: z.string(),
  requestId: z.string(),
  principal: z.string(),
  principalAccount: z.string(),
  action: z.string(),
  resource: z.string(),
  resourceAccount: z.string(),
  decision: z.enum(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']),
  deciding: z
    .object({
      policy: z.string(),
      policyType,
      sid: z.string().optional(),
      statementIndex: z.number().int().nonnegative(),
    })
    .optional(),
  deniedBy: policyType.optional(),
  reason: z.string(),
  sourceIp: z.string(),
});

export type DecisionRecord = z.infer<typeof decisionRecordSchema>;
