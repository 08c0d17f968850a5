/**
 * `lambdabox trail validate`: `aws cloudtrail validate-logs` against lambdabox. The trail (GetTrail), its
 * signing keys (ListPublicKeys) and its latest digest time (GetTrailStatus) come from the server through
 * signed CloudTrail JSON 1.1 calls; the files are read from `<data-dir>/trails`, where delivery writes them.
 * Prints what validate-logs prints; exits 0 when every digest and log file is valid, 1 otherwise.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '../shared/errors/lambdabox-error.js';
import type { TrailPublicKey } from '../services/cloudtrail/trail-ports.js';
import { validateTrail } from '../services/cloudtrail/validation/validate-trail.js';
import { exitCodeOf, writeReport } from '../services/cloudtrail/validation/validation-report.js';
import type { ReportSinks } from '../services/cloudtrail/validation/validation-report.js';
import { callJson11, resolveApiClient } from './api-client.js';
import type { ApiClientFlags, Json11Service } from './api-client.js';
import { UnexpectedResponseError } from './cli-errors.js';

const CLOUDTRAIL: Json11Service = { signingName: 'cloudtrail', targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101' };

export interface TrailValidateOptions extends ApiClientFlags {
  /** The trail's name or ARN. */
  readonly trail: string;
  readonly startTime: string;
  readonly endTime?: string | undefined;
  readonly verbose?: boolean;
  /** Where the trail files are; undefined: LAMBDABOX_TRAIL_DIR, else `<data-dir>/trails`. */
  readonly trailDir?: string | undefined;
  readonly sinks?: ReportSinks;
}

function parseTime(text: string): Date {
  // Digits alone are epoch seconds, as the AWS CLI's timestamp arguments accept.
  const at = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(`Unable to parse date value: ${text}`);
  return at;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new UnexpectedResponseError(`${what}: the server's answer has no ${what}`);
  return value as Record<string, unknown>;
}

/** JSON 1.1 timestamps are epoch seconds. */
function epochDate(value: unknown): Date | undefined {
  return typeof value === 'number' ? new Date(value * 1000) : undefined;
}

function publicKeyOf(value: unknown): TrailPublicKey {
  const k = record(value, 'PublicKey');
  const start = epochDate(k['ValidityStartTime']);
  const end = epochDate(k['ValidityEndTime']);
  if (typeof k['Value'] !== 'string' || typeof k['Fingerprint'] !== 'string' || start === undefined || end === undefined) {
    throw new UnexpectedResponseError('ListPublicKeys: a key lacks Value, Fingerprint or its validity times');
  }
  return { value: Buffer.from(k['Value'], 'base64'), fingerprint: k['Fingerprint'], validityStartTime: start, validityEndTime: end };
}

export async function trailValidate(options: TrailValidateOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const sinks = options.sinks ?? { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };
  const start = parseTime(options.startTime);
  const end = options.endTime === undefined ? new Date() : parseTime(options.endTime);
  if (start.getTime() > end.getTime()) throw new InvalidArgumentError('Invalid time range specified: start-time must occur before end-time');
  const settings = await resolveApiClient(options, env);
  const trail = record(record(await callJson11(settings, CLOUDTRAIL, 'GetTrail', { Name: options.trail }), 'GetTrail')['Trail'], 'Trail');
  const arn = String(trail['TrailARN'] ?? '');
  const arnParts = /^arn:[^:]+:cloudtrail:([^:]+):(\d{12}):trail\/(.+)$/.exec(arn);
  if (arnParts === null || typeof trail['S3BucketName'] !== 'string') throw new UnexpectedResponseError(`GetTrail: no usable TrailARN or S3BucketName (${arn})`);
  const keys = record(
    await callJson11(settings, CLOUDTRAIL, 'ListPublicKeys', { StartTime: start.getTime() / 1000, EndTime: end.getTime() / 1000 }),
    'ListPublicKeys',
  );
  const publicKeys = (Array.isArray(keys['PublicKeyList']) ? keys['PublicKeyList'] : []).map(publicKeyOf);
  const status = record(await callJson11(settings, CLOUDTRAIL, 'GetTrailStatus', { Name: arn }), 'GetTrailStatus');
  const latestDigestEnd = epochDate(status['LatestDigestDeliveryTime']);
  const dataDir = resolve(options.dataDir ?? env['LAMBDABOX_HOME'] ?? `${homedir()}/.lambdabox`);
  const outcome = await validateTrail({
    root: options.trailDir ?? env['LAMBDABOX_TRAIL_DIR'] ?? join(dataDir, 'trails'),
    trail: {
      arn,
      bucket: trail['S3BucketName'],
      prefix: typeof trail['S3KeyPrefix'] === 'string' && trail['S3KeyPrefix'] !== '' ? trail['S3KeyPrefix'] : undefined,
      accountId: arnParts[2] ?? '',
      region: arnParts[1] ?? '',
    },
    publicKeys,
    start,
    end,
    ...(latestDigestEnd === undefined ? {} : { latestDigestEnd }),
  });
  writeReport(outcome, options.verbose === true, sinks);
  return exitCodeOf(outcome);
}
