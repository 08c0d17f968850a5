/** X-Ray's error catalogue keeps the kernel's rules (test/shared/errors/catalogue.test.ts) and renders as rest-json. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AWS_ERRORS } from '../../../src/shared/errors/catalogue.js';
import type { AwsErrorSpec } from '../../../src/shared/errors/catalogue.js';
import { IAM_ERRORS } from '../../../src/services/iam/operations/iam-errors.js';
import { STS_ERRORS } from '../../../src/services/sts/operations/sts-errors.js';
import { SQS_ERRORS } from '../../../src/services/sqs/sqs-errors.js';
import { CLOUDTRAIL_ERRORS } from '../../../src/services/cloudtrail/operations/cloudtrail-errors.js';
import { XRAY_ERRORS, XrayInvalidRequestError, XrayThrottledError } from '../../../src/services/xray/xray-errors.js';
import { renderRestJsonError } from '../../../src/http/rest-json-errors.js';

test('X-Ray entries spell no code another catalogue spells for the same protocol', () => {
  const others: AwsErrorSpec[] = [AWS_ERRORS, IAM_ERRORS, STS_ERRORS, SQS_ERRORS, CLOUDTRAIL_ERRORS].flatMap((c) => Object.values(c) as AwsErrorSpec[]);
  const taken = new Set(others.map((s) => `${s.protocol} ${s.code}`));
  for (const spec of Object.values(XRAY_ERRORS)) assert.ok(!taken.has(`${spec.protocol} ${spec.code}`), spec.code);
});

test('InvalidRequestException is a 400 and ThrottledException a 429, with `Message`', () => {
  assert.deepEqual(renderRestJsonError(new XrayInvalidRequestError('bad')), {
    status: 400,
    headers: { 'x-amzn-ErrorType': 'InvalidRequestException' },
    body: { Type: 'User', Message: 'bad', __type: 'InvalidRequestException' },
  });
  assert.equal(new XrayThrottledError('slow down').status, 429);
});
