/**
 * Log group and stream names and ARNs as the model constrains them (LogGroupName: 1–512 of `[\.\-_/#A-Za-z0-9]`;
 * LogStreamName: 1–512 without `:` or `*`), and the ARNs IAM evaluates (Service Authorization Reference:
 * `arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}` and
 * `…:log-group:${LogGroupName}:log-stream:${LogStreamName}`).
 */
import { LogsInvalidParameterError, validationError } from './logs-errors.js';

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const STREAM_NAME = /^[^:*]*$/;

function checkLength(value: string, member: string): void {
  if (value.length < 1) throw validationError(value, member, 'Member must have length greater than or equal to 1');
  if (value.length > 512) throw validationError(value, member, 'Member must have length less than or equal to 512');
}

export function checkGroupName(name: string | undefined, member = 'logGroupName'): string {
  if (name === undefined) throw validationError('null', member, 'Member must not be null');
  checkLength(name, member);
  if (!GROUP_NAME.test(name)) throw validationError(name, member, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
  return name;
}

export function checkStreamName(name: string | undefined, member = 'logStreamName'): string {
  if (name === undefined) throw validationError('null', member, 'Member must not be null');
  checkLength(name, member);
  if (!STREAM_NAME.test(name)) throw validationError(name, member, 'Member must satisfy regular expression pattern: [^:*]*');
  return name;
}

export function groupArn(region: string, accountId: string, name: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${name}`;
}

export function streamArn(region: string, accountId: string, group: string, stream: string): string {
  return `${groupArn(region, accountId, group)}:log-stream:${stream}`;
}

/** The `arn` DescribeLogGroups reports: the group's ARN with `:*`, as AWS shows it. */
export function describedGroupArn(arn: string): string {
  return `${arn}:*`;
}

/** A group named by a request: `local` false when it is another region's, which this server does not hold. */
export interface GroupRef {
  readonly accountId: string;
  readonly name: string;
  readonly local: boolean;
}

/** `logGroupIdentifier`: a name, or an ARN with or without the trailing `:*`. */
export function groupFromIdentifier(identifier: string, region: string, accountId: string): GroupRef {
  if (!identifier.startsWith('arn:')) return { accountId, name: checkGroupName(identifier, 'logGroupIdentifier'), local: true };
  const m = /^arn:aws:logs:([^:]*):(\d{12}):log-group:([.\-_/#A-Za-z0-9]+)(:\*)?$/.exec(identifier);
  if (m === null) throw new LogsInvalidParameterError('Log group identifier is invalid.');
  return { accountId: m[2] ?? '', name: m[3] ?? '', local: m[1] === region };
}

/** A tagging ARN (`TagResource` & co.): a log group of this region, with or without `:*`. */
export function groupFromResourceArn(arn: string, region: string): GroupRef | undefined {
  const m = /^arn:aws:logs:([^:]*):(\d{12}):log-group:([.\-_/#A-Za-z0-9]+)(:\*)?$/.exec(arn);
  if (m === null) return undefined;
  return { accountId: m[2] ?? '', name: m[3] ?? '', local: m[1] === region };
}
