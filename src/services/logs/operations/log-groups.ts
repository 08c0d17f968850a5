/**
 * CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy / DeleteRetentionPolicy and the KMS
 * association. lambdabox has no KMS yet, so a `kmsKeyId` (CreateLogGroup, AssociateKmsKey) names a key that
 * cannot be used and is refused as AWS refuses an unusable key; log data is still sealed by the platform key.
 */
import type { LogsCall, LogsDeps } from './logs-deps.js';
import type { LogGroupRecord } from '../store/logs-records.js';
import { accessGroup, authorizeLogs, ownGroup } from './log-access.js';
import { checkGroupName, groupArn } from './log-names.js';
import { LogsInvalidParameterError, LogsResourceAlreadyExistsError, groupNotFound, validationError } from './logs-errors.js';
import { checkTags } from './log-tags.js';
import type { Tags } from './log-tags.js';
import { requestTagContext } from '../../../iam/authz/tag-context.js';
import { parseNameCursor, opaqueToken } from './log-tokens.js';

/** AWS's accepted retention periods in days (PutRetentionPolicy, `Days`). */
export const RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const GROUP_PAGE = 50;

export function unusableKmsKey(arn: string): LogsInvalidParameterError {
  return new LogsInvalidParameterError(`The specified KMS key does not exist or is not allowed to be used with ARN '${arn}'`);
}

export interface CreateLogGroupInput {
  readonly logGroupName: string | undefined;
  readonly kmsKeyId?: string;
  readonly tags?: Tags;
}

export async function createLogGroup(deps: LogsDeps, call: LogsCall, input: CreateLogGroupInput): Promise<LogGroupRecord> {
  const name = checkGroupName(input.logGroupName);
  if (input.tags !== undefined) checkTags(input.tags);
  if (input.kmsKeyId !== undefined && input.kmsKeyId.length > 256) {
    throw validationError(input.kmsKeyId, 'kmsKeyId', 'Member must have length less than or equal to 256');
  }
  const accountId = call.caller.accountId;
  const arn = groupArn(deps.region, accountId, name);
  await authorizeLogs(deps, call, 'CreateLogGroup', arn, accountId, requestTagContext(input.tags ?? {}));
  if (input.kmsKeyId !== undefined) throw unusableKmsKey(arn);
  const created = await deps.store.transact((tx) =>
    tx.insertLogGroup({ accountId, name, arn, creationTime: deps.clock.now().getTime(), tags: input.tags ?? {}, logGroupClass: 'STANDARD' }),
  );
  if (created === undefined) throw new LogsResourceAlreadyExistsError('The specified log group already exists');
  return created;
}

export async function deleteLogGroup(deps: LogsDeps, call: LogsCall, logGroupName: string | undefined): Promise<void> {
  const group = await accessGroup(deps, call, 'DeleteLogGroup', ownGroup(call, checkGroupName(logGroupName)));
  const deleted = await deps.store.transact((tx) => tx.deleteLogGroup(group.accountId, group.name));
  if (!deleted) throw groupNotFound();
}

export interface DescribeLogGroupsInput {
  readonly logGroupNamePrefix?: string;
  readonly logGroupNamePattern?: string;
  readonly limit?: number;
  readonly nextToken?: string;
}

export interface DescribedLogGroup {
  readonly group: LogGroupRecord;
  readonly storedBytes: number;
}

export async function describeLogGroups(
  deps: LogsDeps,
  call: LogsCall,
  input: DescribeLogGroupsInput,
): Promise<{ groups: DescribedLogGroup[]; nextToken?: string }> {
  if (input.logGroupNamePrefix !== undefined) checkGroupName(input.logGroupNamePrefix, 'logGroupNamePrefix');
  const pattern = input.logGroupNamePattern;
  if (pattern !== undefined) {
    if (pattern.length > 512) throw validationError(pattern, 'logGroupNamePattern', 'Member must have length less than or equal to 512');
    if (!/^[.\-_/#A-Za-z0-9]*$/.test(pattern)) {
      throw validationError(pattern, 'logGroupNamePattern', 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]*');
    }
  }
  if (input.logGroupNamePrefix !== undefined && pattern !== undefined) {
    throw new LogsInvalidParameterError('LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.');
  }
  const limit = checkLimit(input.limit, 'limit', 50) ?? GROUP_PAGE;
  const after = input.nextToken === undefined ? undefined : parseNameCursor(input.nextToken);
  const accountId = call.caller.accountId;
  await authorizeLogs(deps, call, 'DescribeLogGroups', groupArn(deps.region, accountId, '*'), accountId);
  return deps.store.transact(async (tx) => {
    const rows = await tx.listLogGroups({
      accountId,
      ...(input.logGroupNamePrefix === undefined ? {} : { prefix: input.logGroupNamePrefix }),
      ...(pattern === undefined || pattern === '' ? {} : { contains: pattern }),
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const groups: DescribedLogGroup[] = [];
    for (const group of page) groups.push({ group, storedBytes: await tx.groupStoredBytes(group.groupKey) });
    const last = page[page.length - 1];
    return { groups, ...(rows.length > limit && last !== undefined ? { nextToken: opaqueToken({ n: last.name }) } : {}) };
  });
}

/** A `limit` member: an integer in 1…max, or InvalidParameterException in AWS's words. */
export function checkLimit(limit: number | undefined, member: string, max: number): number | undefined {
  if (limit === undefined) return undefined;
  if (limit < 1) throw validationError(String(limit), member, 'Member must have value greater than or equal to 1');
  if (limit > max) throw validationError(String(limit), member, `Member must have value less than or equal to ${max}`);
  return limit;
}

export async function putRetentionPolicy(deps: LogsDeps, call: LogsCall, logGroupName: string | undefined, days: number | undefined): Promise<void> {
  const name = checkGroupName(logGroupName);
  if (days === undefined) throw validationError('null', 'retentionInDays', 'Member must not be null');
  if (!RETENTION_DAYS.includes(days)) {
    throw validationError(String(days), 'retentionInDays', `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
  }
  await setRetention(deps, call, 'PutRetentionPolicy', name, days);
}

export async function deleteRetentionPolicy(deps: LogsDeps, call: LogsCall, logGroupName: string | undefined): Promise<void> {
  await setRetention(deps, call, 'DeleteRetentionPolicy', checkGroupName(logGroupName), undefined);
}

async function setRetention(deps: LogsDeps, call: LogsCall, action: string, name: string, days: number | undefined): Promise<void> {
  const group = await accessGroup(deps, call, action, ownGroup(call, name));
  await deps.store.transact(async (tx) => {
    const current = await tx.getLogGroup(group.accountId, group.name);
    if (current === undefined) throw groupNotFound();
    const { retentionInDays: _dropped, ...rest } = current;
    await tx.updateLogGroup(days === undefined ? rest : { ...rest, retentionInDays: days });
  });
}

/** AssociateKmsKey: checks and authorizes as AWS does, then refuses the key (no KMS here). */
export async function associateKmsKey(deps: LogsDeps, call: LogsCall, logGroupName: string | undefined, kmsKeyId: string | undefined): Promise<void> {
  const name = checkGroupName(logGroupName);
  if (kmsKeyId === undefined) throw validationError('null', 'kmsKeyId', 'Member must not be null');
  const group = await accessGroup(deps, call, 'AssociateKmsKey', ownGroup(call, name));
  throw unusableKmsKey(group.arn);
}

/** DisassociateKmsKey: no group here ever has a key, so there is nothing to remove. */
export async function disassociateKmsKey(deps: LogsDeps, call: LogsCall, logGroupName: string | undefined): Promise<void> {
  await accessGroup(deps, call, 'DisassociateKmsKey', ownGroup(call, checkGroupName(logGroupName)));
}
