/**
 * Alarm action ARNs. Served: Lambda functions (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`,
 * any account, as AWS allows) and SQS queues (`arn:aws:sqs:<region>:<account>:<name>`, the alarm's own
 * account: a lambdabox extension, AWS has no SQS alarm action). Refused with ValidationError, as AWS refuses an
 * action it cannot run: SNS topics (no SNS on this server), EC2, Auto Scaling, Systems Manager and every other
 * action type, ARNs of another region, and anything that is not an ARN.
 */
import { validationError } from '../monitoring-errors.js';

export type ActionTarget =
  | { readonly kind: 'lambda'; readonly arn: string; readonly accountId: string }
  | { readonly kind: 'sqs'; readonly arn: string; readonly accountId: string };

const LAMBDA = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:[a-zA-Z0-9-_]{1,64}(:(\$LATEST|[a-zA-Z0-9-_]{1,128}))?$/;
const SQS = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):[a-zA-Z0-9_-]{1,75}(\.fifo)?$/;

export function parseActionArn(arn: string, region: string, alarmAccountId: string): ActionTarget {
  if (!arn.startsWith('arn:') || arn.split(':').length < 6) throw validationError(`Invalid arn syntax: ${arn}`);
  const service = arn.split(':')[2] ?? '';
  const arnRegion = arn.split(':')[3] ?? '';
  if (arnRegion !== '' && arnRegion !== region && (service === 'lambda' || service === 'sqs' || service === 'sns')) {
    throw validationError(`Invalid region ${arnRegion} specified. Only ${region} is supported.`);
  }
  const lambda = LAMBDA.exec(arn);
  if (lambda !== null) return { kind: 'lambda', arn, accountId: lambda[2] ?? '' };
  const sqs = SQS.exec(arn);
  if (sqs !== null) {
    if (sqs[2] !== alarmAccountId) throw validationError(`Invalid SQS action ${arn}: the queue must be in the alarm's account (${alarmAccountId}).`);
    return { kind: 'sqs', arn, accountId: sqs[2] };
  }
  if (service === 'sns') throw validationError(`Invalid action ${arn}: SNS topics are not supported by this server (no SNS service); use a Lambda function or an SQS queue.`);
  if (service === 'lambda' || service === 'sqs') throw validationError(`Invalid arn syntax: ${arn}`);
  throw validationError(`Invalid action ${arn}: only Lambda function and SQS queue actions are supported by this server.`);
}
