/**
 * CloudTrail's error catalogue keeps the kernel's rules (test/shared/errors/catalogue.test.ts): awsJson
 * spellings that no other catalogue uses, 400 client faults, one class per entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AWS_ERRORS, faultOf } from '../../../src/shared/errors/catalogue.js';
import type { AwsErrorSpec } from '../../../src/shared/errors/catalogue.js';
import { IAM_ERRORS } from '../../../src/services/iam/operations/iam-errors.js';
import { STS_ERRORS } from '../../../src/services/sts/operations/sts-errors.js';
import { SQS_ERRORS } from '../../../src/services/sqs/sqs-errors.js';
import * as ct from '../../../src/services/cloudtrail/operations/cloudtrail-errors.js';
import { renderCloudTrailError } from '../../../src/services/cloudtrail/api/cloudtrail-api.js';

test('CloudTrail error entries spell no code another catalogue spells for the same protocol', () => {
  const others: AwsErrorSpec[] = [AWS_ERRORS, IAM_ERRORS, STS_ERRORS, SQS_ERRORS].flatMap((c) => Object.values(c) as AwsErrorSpec[]);
  const taken = new Set(others.flatMap((s) => [`${s.protocol} ${s.code}`, ...(s.jsonType === undefined ? [] : [`json ${s.jsonType}`])]));
  const own = new Set<string>();
  for (const [name, spec] of Object.entries(ct.CLOUDTRAIL_ERRORS)) {
    const key = `${spec.protocol} ${spec.code}`;
    assert.ok(!taken.has(key) && !own.has(key), `${name} repeats ${key}`);
    own.add(key);
    assert.equal(spec.status, 400);
    assert.equal(faultOf(spec), 'User');
    assert.match(spec.code, /^[A-Z][A-Za-z0-9]*Exception$/);
  }
});

test('every entry has one class, and renders as {__type, message} in awsJson 1.1', () => {
  const classes = Object.values(ct).filter((v): v is typeof ct.TrailNotFoundError => typeof v === 'function' && 'spec' in v);
  const specs = classes.map((c) => c.spec);
  assert.equal(new Set(specs).size, specs.length);
  assert.deepEqual(new Set(specs), new Set(Object.values(ct.CLOUDTRAIL_ERRORS)));
  assert.deepEqual(renderCloudTrailError(ct.trailNotFound('arn:x', '111111111111')), {
    status: 400,
    headers: { 'Content-Type': 'application/x-amz-json-1.1' },
    body: { __type: 'TrailNotFoundException', message: 'Unknown trail: arn:x for the user: 111111111111' },
  });
});
