import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { arnHead, formatArn, parseArn } from '../../../src/shared/arn/arn.js';
import { isAccountId, isAwsPartition, isRegionName, partitionOfRegion, hasLineTerminator } from '../../../src/shared/arn/ids.js';
import { functionArn, functionNameOf, hasStrictNames, parseFunctionArn, targetFunctionArnParts, unqualified } from '../../../src/shared/arn/function-arn.js';
import { parseIamArn, parseRoleArn, roleArn } from '../../../src/shared/arn/role-arn.js';
import { layerVersionArn, parseLayerArn } from '../../../src/shared/arn/layer-arn.js';
import { parseQueueArn, queueArn } from '../../../src/shared/arn/queue-arn.js';
import { policyQualifier, qualifierKind, storedQualifier } from '../../../src/shared/arn/qualifier.js';
import { FUNCTION_NAME_DIALECT, LENIENT_FUNCTION_NAME_DIALECT, functionNamePattern, splitFunctionName } from '../../../src/shared/arn/function-name.js';

describe('parseArn', () => {
  test('splits the five sections and keeps colons in the resource', () => {
    assert.deepEqual(parseArn('arn:aws:lambda:us-east-1:123456789012:function:f:prod'), {
      ok: true,
      value: { partition: 'aws', service: 'lambda', region: 'us-east-1', accountId: '123456789012', resource: 'function:f:prod' },
    });
  });

  test('empty partition, region and account are sections like any other', () => {
    assert.deepEqual(parseArn('arn::s3:::bucket/key'), {
      ok: true,
      value: { partition: '', service: 's3', region: '', accountId: '', resource: 'bucket/key' },
    });
  });

  test('refuses with a reason, never throws', () => {
    assert.deepEqual(parseArn('ARN:aws:sqs:r:1:q'), { ok: false, reason: 'not an ARN' });
    assert.deepEqual(parseArn('arn:aws:sqs:us-east-1'), { ok: false, reason: 'too few sections' });
    assert.deepEqual(parseArn('arn:aws::us-east-1:123456789012:q'), { ok: false, reason: 'no service' });
    assert.deepEqual(parseArn('arn:aws:sqs:us-east-1:123456789012:'), { ok: false, reason: 'no resource' });
    assert.deepEqual(parseArn(''), { ok: false, reason: 'not an ARN' });
  });

  test('formatArn is its inverse', () => {
    const text = 'arn:aws-cn:iam::123456789012:role/a:b/r';
    const parsed = parseArn(text);
    assert.ok(parsed.ok);
    assert.equal(formatArn(parsed.value), text);
  });

  test('arnHead reads partition and service of anything that starts like an ARN', () => {
    assert.deepEqual(arnHead('arn:aws:sqs:'), { partition: 'aws', service: 'sqs', more: true });
    assert.deepEqual(arnHead('arn:aws:sqs'), { partition: 'aws', service: 'sqs', more: false });
    assert.deepEqual(arnHead('arn:'), { partition: '', more: false });
    assert.equal(arnHead('urn:aws:sqs:'), undefined);
  });
});

describe('ids', () => {
  test('account ids are exactly 12 digits', () => {
    assert.ok(isAccountId('123456789012'));
    for (const bad of ['12345678901', '1234567890123', '12345678901a', ' 123456789012', 'aws']) assert.ok(!isAccountId(bad), bad);
  });

  test('partitions are the aws family', () => {
    for (const ok of ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b']) assert.ok(isAwsPartition(ok), ok);
    for (const bad of ['', 'Aws', 'aws1', 'gcp']) assert.ok(!isAwsPartition(bad), bad);
  });

  test('region names as Lambda models them, eusc- included', () => {
    for (const ok of ['us-east-1', 'us-gov-west-1', 'us-isob-east-1', 'eusc-de-east-1', 'cn-north-1']) assert.ok(isRegionName(ok), ok);
    for (const bad of ['', 'us-east', 'US-EAST-1', 'us-east-12', 'useast1']) assert.ok(!isRegionName(bad), bad);
  });

  test('the partition of a region', () => {
    assert.equal(partitionOfRegion('us-east-1'), 'aws');
    assert.equal(partitionOfRegion('cn-north-1'), 'aws-cn');
    assert.equal(partitionOfRegion('us-gov-west-1'), 'aws-us-gov');
    assert.equal(partitionOfRegion('us-iso-east-1'), 'aws-iso');
    assert.equal(partitionOfRegion('us-isob-east-1'), 'aws-iso-b');
    assert.equal(partitionOfRegion('eusc-de-east-1'), 'aws-eusc');
  });

  test('line terminators', () => {
    for (const t of ['a\nb', 'a\rb', 'a\u2028b', 'a\u2029b']) assert.ok(hasLineTerminator(t));
    assert.ok(!hasLineTerminator('a b\t'));
  });
});

describe('function ARNs', () => {
  test('parses name and qualifier', () => {
    assert.deepEqual(parseFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:f'), {
      ok: true,
      value: { partition: 'aws', region: 'us-east-1', accountId: '123456789012', name: 'f' },
    });
    const q = parseFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST');
    assert.ok(q.ok && q.value.qualifier === '$LATEST');
  });

  test('refuses what is not a function', () => {
    const reason = (t: string): string | undefined => {
      const r = parseFunctionArn(t);
      return r.ok ? undefined : r.reason;
    };
    assert.equal(reason('arn:aws:sqs:us-east-1:123456789012:q'), 'not a Lambda ARN');
    assert.equal(reason('arn:aws:lambda:us-east-1:12345678901:function:f'), 'not an account id');
    assert.equal(reason('arn:aws:lambda:us-east-1:123456789012:layer:l:1'), 'not a function');
    assert.equal(reason('arn:aws:lambda:us-east-1:123456789012:function:f:1:2'), 'not a function');
    assert.equal(reason('arn:aws:lambda:us-east-1:123456789012:function:f:'), 'not a function');
    assert.equal(reason('arn:aws:lambda:us-east-1:123456789012:function:'), 'not a function');
    assert.equal(reason('f'), 'not an ARN');
  });

  test('the shape is the parser, the characters a predicate', () => {
    const dotted = parseFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:f.x');
    assert.ok(dotted.ok && !hasStrictNames(dotted.value));
    assert.equal(targetFunctionArnParts('arn:aws:lambda:us-east-1:123456789012:function:f.x'), undefined);
    assert.equal(targetFunctionArnParts('arn::lambda:us-east-1:123456789012:function:f'), undefined);
    assert.equal(targetFunctionArnParts('arn:aws:lambda::123456789012:function:f'), undefined);
    assert.deepEqual(targetFunctionArnParts('arn:aws-cn:lambda:cn-north-1:123456789012:function:f:$LATEST'), {
      partition: 'aws-cn',
      region: 'cn-north-1',
      accountId: '123456789012',
      name: 'f',
      qualifier: '$LATEST',
    });
  });

  test('build, unqualify, name', () => {
    const arn = functionArn({ partition: 'aws', region: 'us-east-1', accountId: '123456789012', name: 'f', qualifier: '3' });
    assert.equal(arn, 'arn:aws:lambda:us-east-1:123456789012:function:f:3');
    assert.equal(unqualified(arn), 'arn:aws:lambda:us-east-1:123456789012:function:f');
    assert.equal(unqualified(unqualified(arn)), 'arn:aws:lambda:us-east-1:123456789012:function:f');
    assert.equal(functionNameOf(arn), 'f');
    assert.equal(unqualified('not:an:arn'), 'not:an:arn');
  });
});

describe('IAM and role ARNs', () => {
  test('kind, path and name', () => {
    assert.deepEqual(parseIamArn('arn:aws:iam::123456789012:role/service-role/a/r'), {
      ok: true,
      value: { partition: 'aws', accountId: '123456789012', kind: 'role', path: '/service-role/a/', name: 'r' },
    });
    assert.deepEqual(parseIamArn('arn:aws:iam::aws:policy/P'), {
      ok: true,
      value: { partition: 'aws', accountId: 'aws', kind: 'policy', path: '/', name: 'P' },
    });
  });

  test('refusals', () => {
    assert.deepEqual(parseIamArn('arn:aws:iam::123456789012:root'), { ok: false, reason: 'not an entity' });
    assert.deepEqual(parseIamArn('arn:aws:iam::123456789012:role/'), { ok: false, reason: 'not an entity' });
    assert.deepEqual(parseIamArn('arn:aws:iam:us-east-1:123456789012:role/r'), { ok: false, reason: 'not an IAM ARN' });
    assert.deepEqual(parseRoleArn('arn:aws:iam::123456789012:user/u'), { ok: false, reason: 'not a role' });
    assert.deepEqual(parseRoleArn('arn:aws:iam::aws:role/r'), { ok: false, reason: 'not a role' });
  });

  test('a colon in a role path is part of the path', () => {
    const r = parseRoleArn('arn:aws:iam::123456789012:role/a:b/r');
    assert.ok(r.ok && r.value.path === '/a:b/' && r.value.name === 'r');
  });

  test('roleArn builds what parseRoleArn reads', () => {
    const arn = roleArn('aws', '123456789012', '/p/', 'r');
    assert.equal(arn, 'arn:aws:iam::123456789012:role/p/r');
    const r = parseRoleArn(arn);
    assert.ok(r.ok && r.value.path === '/p/' && r.value.name === 'r');
  });
});

describe('layer and queue ARNs', () => {
  test('layer with and without a version; versions are decimal', () => {
    const v = parseLayerArn('arn:aws:lambda:us-east-1:123456789012:layer:l:007');
    assert.ok(v.ok && v.value.version === '007' && v.value.name === 'l');
    const l = parseLayerArn('arn:aws:lambda:us-east-1:123456789012:layer:l');
    assert.ok(l.ok && l.value.version === undefined);
    assert.deepEqual(parseLayerArn('arn:aws:lambda:us-east-1:123456789012:layer:l:x'), { ok: false, reason: 'not a layer' });
    assert.deepEqual(parseLayerArn('arn:aws:lambda:us-east-1:123456789012:layer:l:'), { ok: false, reason: 'not a layer' });
    assert.deepEqual(parseLayerArn('arn:aws:lambda:::awslayer:l'), { ok: false, reason: 'not an account id' });
    assert.equal(layerVersionArn('aws', 'us-east-1', '123456789012', 'l', 2), 'arn:aws:lambda:us-east-1:123456789012:layer:l:2');
  });

  test('queues', () => {
    assert.deepEqual(parseQueueArn(queueArn('aws', 'us-east-1', '123456789012', 'q')), {
      ok: true,
      value: { partition: 'aws', region: 'us-east-1', accountId: '123456789012', name: 'q' },
    });
    assert.deepEqual(parseQueueArn('arn:aws:sqs:us-east-1:123456789012:q:x'), { ok: false, reason: 'not a queue' });
    assert.deepEqual(parseQueueArn('arn:aws:sns:us-east-1:123456789012:q'), { ok: false, reason: 'not an SQS ARN' });
  });
});

describe('qualifiers', () => {
  test('kinds', () => {
    assert.deepEqual(qualifierKind(undefined), { kind: 'latest' });
    assert.deepEqual(qualifierKind('$LATEST'), { kind: 'latest' });
    assert.deepEqual(qualifierKind('007'), { kind: 'version', version: '7' });
    assert.deepEqual(qualifierKind('prod'), { kind: 'alias', alias: 'prod' });
    // Not `$LATEST`: it names nothing lambdabox publishes, so it resolves (and fails) as an alias would.
    assert.deepEqual(qualifierKind('$LATEST.PUBLISHED'), { kind: 'alias', alias: '$LATEST.PUBLISHED' });
  });

  test('stored and policy forms', () => {
    assert.equal(storedQualifier(undefined), '$LATEST');
    assert.equal(storedQualifier('01'), '1');
    assert.equal(storedQualifier('prod'), 'prod');
    assert.equal(policyQualifier(undefined), '');
    assert.equal(policyQualifier('$LATEST'), '');
    assert.equal(policyQualifier('01'), '01');
  });
});

describe('function-name dialects', () => {
  const model = functionNamePattern(FUNCTION_NAME_DIALECT);
  const lenient = functionNamePattern(LENIENT_FUNCTION_NAME_DIALECT);

  test('names, partial and full ARNs', () => {
    assert.deepEqual(splitFunctionName('f', model), { name: 'f' });
    assert.deepEqual(splitFunctionName('f:prod', model), { name: 'f', qualifier: 'prod' });
    assert.deepEqual(splitFunctionName('123456789012:function:f', model), { name: 'f', accountId: '123456789012' });
    assert.deepEqual(splitFunctionName('arn:aws:lambda:us-east-1:123456789012:function:f:1', model), {
      name: 'f',
      qualifier: '1',
      accountId: '123456789012',
      region: 'us-east-1',
    });
    assert.deepEqual(splitFunctionName('arn::lambda:eusc-de-east-1:123456789012:function:f', model), {
      name: 'f',
      accountId: '123456789012',
      region: 'eusc-de-east-1',
    });
  });

  test('the model refuses what the lenient IAM reading still keys', () => {
    assert.equal(splitFunctionName('f.x', model), undefined);
    assert.deepEqual(splitFunctionName('f.x', lenient), { name: 'f.x' });
    assert.deepEqual(splitFunctionName('', lenient), { name: '' });
    assert.equal(splitFunctionName('a:b:c', lenient), undefined);
    // The lenient reading wants a spelled-out partition and knows no eusc- regions.
    assert.equal(splitFunctionName('arn::lambda:us-east-1:123456789012:function:f', lenient), undefined);
    assert.deepEqual(splitFunctionName('eusc-de-east-1:f', lenient), { name: 'eusc-de-east-1', qualifier: 'f' });
  });
});
