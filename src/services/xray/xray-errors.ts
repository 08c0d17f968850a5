/**
 * X-Ray's errors (botocore/data/xray/2016-04-12/service-2.json): rest-json, `Message` members.
 * InvalidRequestException models no status, so it is the protocol's 400; ThrottledException is 429.
 */
import { awsErrorClass } from '../../shared/errors/aws-error.js';
import type { AwsErrorSpec } from '../../shared/errors/catalogue.js';

export const XRAY_ERRORS = {
  InvalidRequest: { protocol: 'rest-json', code: 'InvalidRequestException', status: 400, messageKey: 'Message' },
  Throttled: { protocol: 'rest-json', code: 'ThrottledException', status: 429, messageKey: 'Message' },
} as const satisfies Readonly<Record<string, AwsErrorSpec>>;

export class XrayInvalidRequestError extends awsErrorClass(XRAY_ERRORS.InvalidRequest) {}
export class XrayThrottledError extends awsErrorClass(XRAY_ERRORS.Throttled) {}
