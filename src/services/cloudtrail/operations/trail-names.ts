/**
 * Trail names and ARNs. Names follow AWS's rules (InvalidTrailNameException in the botocore model) with AWS's
 * messages for length, characters and the first/last character; the adjacent-punctuation and IP-address
 * messages are ours, as AWS's wording for them is not recorded anywhere we can check.
 */
import { CloudTrailArnInvalidError, InvalidTrailNameError } from './cloudtrail-errors.js';

export interface TrailRef {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

const ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

export function trailArn(ref: TrailRef): string {
  return `arn:aws:cloudtrail:${ref.region}:${ref.accountId}:trail/${ref.name}`;
}

export function validateTrailName(name: string): void {
  // AWS's answer to a missing or empty Name (as Terraform users have reported it).
  if (name === '') throw new InvalidTrailNameError('Trail name cannot be blank!');
  if (name.length < 3) {
    throw new InvalidTrailNameError(`Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`);
  }
  if (name.length > 128) {
    throw new InvalidTrailNameError(`Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`);
  }
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new InvalidTrailNameError(
      'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).',
    );
  }
  if (!/^[A-Za-z0-9]/.test(name)) throw new InvalidTrailNameError('Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(name)) throw new InvalidTrailNameError('Trail name must ends with a letter or number.');
  if (/[._-]{2}/.test(name)) throw new InvalidTrailNameError('Trail name must not contain adjacent periods, underscores or dashes.');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) throw new InvalidTrailNameError('Trail name must not be formatted as an IP address.');
}

/**
 * A `Name` / `TrailName` member: a trail name (in the caller's account and this region) or a trail ARN.
 * An ARN is taken apart, never validated as a name, since it may name another account's or region's trail.
 */
export function parseTrailRef(nameOrArn: string, callerAccountId: string, region: string): TrailRef {
  if (nameOrArn.startsWith('arn:')) {
    const m = ARN.exec(nameOrArn);
    if (m === null || m[4] === undefined || m[2] === undefined || m[3] === undefined) {
      throw new CloudTrailArnInvalidError(`Invalid trail ARN: ${nameOrArn}`);
    }
    return { accountId: m[3], region: m[2], name: m[4] };
  }
  validateTrailName(nameOrArn);
  return { accountId: callerAccountId, region, name: nameOrArn };
}
