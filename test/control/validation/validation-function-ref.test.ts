import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  functionArn,
  layerArn,
  layerVersionArn,
  parseLayerVersionArn,
  resolveFunctionRef,
  type FunctionNameShape,
} from '../../../src/control/validation/function-ref.js';
import { parseLayerVersionNumber, resolveLayerName } from '../../../src/control/validation/layer-arn.js';
import { expectAwsError } from '../../helpers/expect-aws-error.js';

const ctx = { region: 'us-east-1', accountId: '111111111111' } as const;
const ARN = 'arn:aws:lambda:us-east-1:111111111111:function';

// Patterns as real AWS prints them (LocalStack test_function_name_and_qualifier_validation).
const GET_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
const CREATE_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const QUALIFIER_PATTERN = '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+';

const expectError = expectAwsError;

describe('resolveFunctionRef: accepted forms', () => {
  const cases: [string, string | undefined, FunctionNameShape, { name: string; qualifier?: string }][] = [
    ['my-fn', undefined, 'FunctionName', { name: 'my-fn' }],
    ['my-fn:1', undefined, 'FunctionName', { name: 'my-fn', qualifier: '1' }],
    ['my-fn:$LATEST', undefined, 'FunctionName', { name: 'my-fn', qualifier: '$LATEST' }],
    ['111111111111:function:my-fn', undefined, 'FunctionName', { name: 'my-fn' }],
    ['function:my-fn:prod', undefined, 'FunctionName', { name: 'my-fn', qualifier: 'prod' }],
    [`${ARN}:my-fn`, undefined, 'FunctionName', { name: 'my-fn' }],
    [`${ARN}:my-fn:7`, '7', 'FunctionName', { name: 'my-fn', qualifier: '7' }],
    ['my-fn', 'prod', 'NamespacedFunctionName', { name: 'my-fn', qualifier: 'prod' }],
    ['my.fn', '$latest', 'NamespacedFunctionName', { name: 'my.fn', qualifier: '$latest' }],
    // An ARN cut after `function` names a function called "function". [LS incomplete_arn]
    [ARN, undefined, 'NamespacedFunctionName', { name: 'function' }],
    // A 65-character name passes validation outside CreateFunction (then it is simply not found).
    ['a'.repeat(65), undefined, 'NamespacedFunctionName', { name: 'a'.repeat(65) }],
    ['a'.repeat(64), undefined, 'CreateFunction', { name: 'a'.repeat(64) }],
  ];
  for (const [raw, qualifier, shape, expected] of cases) {
    test(`${raw.slice(0, 60)} ?Qualifier=${String(qualifier)} (${shape})`, () => {
      assert.deepEqual(resolveFunctionRef(raw, qualifier, ctx, shape), expected);
    });
  }
});

describe('resolveFunctionRef: AWS errors', () => {
  const cases: [string, string, string | undefined, FunctionNameShape, string, number, string][] = [
    ['other region', 'arn:aws:lambda:ap-southeast-1:111111111111:function:f', undefined, 'FunctionName',
      'ResourceNotFoundException', 404, "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')"],
    ['other account', 'arn:aws:lambda:us-east-1:123456789012:function:f', undefined, 'CreateFunction',
      'AccessDeniedException', 403, ''],
    ['qualifier mismatch', `${ARN}:my-function:$LATEST`, '1', 'NamespacedFunctionName',
      'InvalidParameterValueException', 400, 'The derived qualifier from the function name does not match the specified qualifier.'],
    ['bad characters (get)', 'my-function!', undefined, 'NamespacedFunctionName', 'ValidationException', 400,
      `1 validation error detected: Value 'my-function!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${GET_PATTERN}`],
    ['bad characters (create) stay ValidationException', '*', undefined, 'CreateFunction', 'ValidationException', 400,
      `1 validation error detected: Value '*' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${CREATE_PATTERN}`],
    ['65-character bare name in CreateFunction', 'a'.repeat(65), undefined, 'CreateFunction', 'InvalidParameterValueException', 400,
      `1 validation error detected: Value '${'a'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`],
    ['141-character ARN in CreateFunction', `${ARN}:${'a'.repeat(141 - ARN.length - 1)}`, undefined, 'CreateFunction', 'ValidationException', 400,
      `1 validation error detected: Value '${ARN}:${'a'.repeat(141 - ARN.length - 1)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140`],
    ['qualifier too long', 'my-function', 'a'.repeat(129), 'NamespacedFunctionName', 'ValidationException', 400,
      `1 validation error detected: Value '${'a'.repeat(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`],
    ['qualifier bad characters', 'my-function', 'invalid!', 'NamespacedFunctionName', 'ValidationException', 400,
      `1 validation error detected: Value 'invalid!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`],
    ['two qualifiers', `${ARN}:my-function:1:2`, undefined, 'NamespacedFunctionName', 'ValidationException', 400,
      `1 validation error detected: Value '${ARN}:my-function:1:2' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${GET_PATTERN}`],
    ['invalid region', 'arn:aws:lambda:invalid-region:111111111111:function:f', undefined, 'FunctionName', 'ValidationException', 400,
      `1 validation error detected: Value 'arn:aws:lambda:invalid-region:111111111111:function:f' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${CREATE_PATTERN}`],
    ['missing account', 'arn:aws:lambda:us-east-1::function:f', undefined, 'NamespacedFunctionName', 'ValidationException', 400,
      `1 validation error detected: Value 'arn:aws:lambda:us-east-1::function:f' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${GET_PATTERN}`],
    ['misspelled $LATEST', `${ARN}:f:$LATES`, undefined, 'NamespacedFunctionName', 'ValidationException', 400,
      `1 validation error detected: Value '${ARN}:f:$LATES' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${GET_PATTERN}`],
    ['lowercase $latest in CreateFunction', `${ARN}:f:$latest`, undefined, 'CreateFunction', 'ValidationException', 400,
      `1 validation error detected: Value '${ARN}:f:$latest' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${CREATE_PATTERN}`],
  ];
  for (const [title, raw, qualifier, shape, code, status, message] of cases) {
    test(title, () => expectError(() => resolveFunctionRef(raw, qualifier, ctx, shape), code, status, message));
  }

  test('bad name and bad qualifier are reported together', () => {
    expectError(
      () => resolveFunctionRef('bad name', 'bad!', ctx, 'NamespacedFunctionName'),
      'ValidationException',
      400,
      `2 validation errors detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${GET_PATTERN}; ` +
        `Value 'bad!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`,
    );
  });

  test('the FunctionName shape is the default and rejects dots', () => {
    assert.throws(() => resolveFunctionRef('my.fn', undefined, ctx), /at 'functionName'/);
  });
});

describe('ARN builders', () => {
  test('functionArn', () => {
    assert.equal(functionArn(ctx, 'f'), 'arn:aws:lambda:us-east-1:111111111111:function:f');
    assert.equal(functionArn(ctx, 'f', '$LATEST'), 'arn:aws:lambda:us-east-1:111111111111:function:f:$LATEST');
  });
  test('layerArn and layerVersionArn', () => {
    assert.equal(layerArn(ctx, 'l'), 'arn:aws:lambda:us-east-1:111111111111:layer:l');
    assert.equal(layerVersionArn(ctx, 'l', 3), 'arn:aws:lambda:us-east-1:111111111111:layer:l:3');
  });
});

describe('layer ARNs', () => {
  test('parseLayerVersionArn splits a valid ARN', () => {
    assert.deepEqual(parseLayerVersionArn('arn:aws:lambda:eu-west-1:222222222222:layer:my-layer:12'), {
      region: 'eu-west-1',
      accountId: '222222222222',
      layerName: 'my-layer',
      version: 12,
    });
  });
  test('an ARN without a version fails the pattern [LS get_layer_version_by_arn_exc_invalidarn]', () => {
    expectError(
      () => parseLayerVersionArn('arn:aws:lambda:us-east-1:111111111111:layer:l'),
      'ValidationException',
      400,
      "1 validation error detected: Value 'arn:aws:lambda:us-east-1:111111111111:layer:l' at 'arn' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)',
    );
  });
  test('version 0 is refused as AWS does', () => {
    expectError(() => parseLayerVersionArn('arn:aws:lambda:us-east-1:111111111111:layer:l:0'),
      'InvalidParameterValueException', 400, 'Layer Version Cannot be less than 1');
  });
  test('{VersionNumber} path segment', () => {
    assert.equal(parseLayerVersionNumber('4'), 4);
    expectError(() => parseLayerVersionNumber('-1'), 'InvalidParameterValueException', 400, 'Layer Version Cannot be less than 1');
    expectError(() => parseLayerVersionNumber('x'), 'SerializationException', 400, 'STRING_VALUE can not be converted to a Long');
  });
  test('{LayerName} accepts a name or a layer ARN', () => {
    assert.deepEqual(resolveLayerName('my-layer'), { name: 'my-layer' });
    assert.deepEqual(resolveLayerName('arn:aws:lambda:us-east-1:111111111111:layer:my-layer'), {
      name: 'my-layer', accountId: '111111111111', region: 'us-east-1',
    });
    assert.throws(() => resolveLayerName('bad layer'), /at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });
});
