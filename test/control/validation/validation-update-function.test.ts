import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUpdateFunctionCodeInput } from '../../../src/control/validation/update-function-code.js';
import { parseUpdateFunctionConfigurationInput } from '../../../src/control/validation/update-function-configuration.js';
import { parsePublishVersionInput } from '../../../src/control/validation/publish-version.js';
import { expectAwsError } from '../../helpers/expect-aws-error.js';

const ctx = { region: 'us-east-1', accountId: '111111111111' } as const;
const ZIP = Buffer.from('PK\u0003\u0004 zip bytes');

function expectError(fn: () => unknown, code: string, message: string | RegExp): void {
  expectAwsError(fn, code, 400, message);
}

describe('UpdateFunctionConfiguration', () => {
  test('an empty body changes nothing', () => {
    assert.deepEqual(parseUpdateFunctionConfigurationInput({}, ctx), {});
    assert.deepEqual(parseUpdateFunctionConfigurationInput(undefined, ctx), {});
  });

  test('only given members are returned, Environment replaces the whole map', () => {
    const input = parseUpdateFunctionConfigurationInput(
      {
        MemorySize: 256,
        Timeout: 10,
        Runtime: 'python3.12',
        Environment: { Variables: { ONLY: 'this' } },
        LoggingConfig: { LogGroup: '/custom/group' },
        RevisionId: 'rev-1',
      },
      ctx,
    );
    assert.deepEqual(input, {
      MemorySize: 256,
      Timeout: 10,
      Runtime: 'python3.12',
      Environment: { ONLY: 'this' },
      LoggingConfig: { LogGroup: '/custom/group' },
      RevisionId: 'rev-1',
    });
  });

  test('Environment without Variables clears the map; empty KMSKeyArn and DeadLetterConfig remove them', () => {
    const input = parseUpdateFunctionConfigurationInput({ Environment: {}, KMSKeyArn: '', DeadLetterConfig: {}, Layers: [] }, ctx);
    assert.deepEqual(input, { Environment: {}, KMSKeyArn: '', DeadLetterConfig: {}, Layers: [] });
  });

  const errors: [string, Record<string, unknown>, string, string | RegExp][] = [
    ['role pattern [LS update_lambda_exceptions/invalid_role_arn_exc]', { Role: 'r1' }, 'ValidationException',
      "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"],
    ['MemorySize range', { MemorySize: 64 }, 'ValidationException',
      "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"],
    ['unknown runtime [LS update_lambda_exceptions/invalid_runtime_exc]', { Runtime: 'non-existent-runtime' }, 'InvalidParameterValueException',
      /^Value non-existent-runtime at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20\.x, python3\.14/],
    ['deprecated runtime', { Runtime: 'python3.7' }, 'InvalidParameterValueException',
      /^The runtime parameter of python3\.7 is no longer supported/],
    ['reserved environment key', { Environment: { Variables: { AWS_SESSION_TOKEN: 'x' } } }, 'InvalidParameterValueException',
      /Reserved keys used in this request: AWS_SESSION_TOKEN$/],
    ['a wrong JSON type', { Timeout: '30' }, 'SerializationException', 'STRING_VALUE can not be converted to an Integer'],
    ['image config', { ImageConfig: { Command: ['x'] } }, 'InvalidParameterValueException', /container image functions/],
  ];
  for (const [title, body, code, message] of errors) {
    test(title, () => expectError(() => parseUpdateFunctionConfigurationInput(body, ctx), code, message));
  }
});

describe('UpdateFunctionCode', () => {
  test('ZipFile is decoded; Publish and DryRun default to false', () => {
    assert.deepEqual(parseUpdateFunctionCodeInput({ ZipFile: ZIP.toString('base64') }, ctx), {
      ZipFile: ZIP,
      Publish: false,
      DryRun: false,
    });
  });

  test('Publish, DryRun, RevisionId and Architectures are passed through', () => {
    assert.deepEqual(
      parseUpdateFunctionCodeInput(
        { ZipFile: ZIP.toString('base64'), Publish: true, DryRun: true, RevisionId: 'r', Architectures: ['x86_64'] },
        ctx,
      ),
      { ZipFile: ZIP, Publish: true, DryRun: true, RevisionId: 'r', Architectures: ['x86_64'] },
    );
  });

  const errors: [string, Record<string, unknown>, string, string | RegExp][] = [
    ['no source', {}, 'InvalidParameterValueException', 'Please provide a source for function code.'],
    ['ImageUri on a Zip function [LS zipfile-to-image-error]', { ImageUri: 'repo:tag' }, 'InvalidParameterValueException',
      "Please don't provide ImageUri when updating a function with packageType Zip."],
    ['S3 source', { S3Bucket: 'my-bucket', S3Key: 'code.zip' }, 'InvalidParameterValueException', /^lambdabox does not support code from Amazon S3/],
    ['S3 bucket pattern', { S3Bucket: 'bad bucket', S3Key: 'k' }, 'ValidationException',
      "1 validation error detected: Value 'bad bucket' at 's3Bucket' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9A-Za-z\\.\\-_]*(?<!\\.)"],
    ['arm64', { ZipFile: 'UEs=', Architectures: ['arm64'] }, 'InvalidParameterValueException', /^lambdabox runs functions on x86_64 only/],
    ['two architectures', { ZipFile: 'UEs=', Architectures: ['x86_64', 'x86_64'] }, 'ValidationException',
      "1 validation error detected: Value '[x86_64, x86_64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1"],
    ['invalid base64', { ZipFile: '@@@@' }, 'InvalidParameterValueException', 'Could not decode ZipFile: the value is not valid base64.'],
    ['Publish as a string', { ZipFile: 'UEs=', Publish: 'true' }, 'SerializationException', 'STRING_VALUE can not be converted to a Boolean'],
  ];
  for (const [title, body, code, message] of errors) {
    test(title, () => expectError(() => parseUpdateFunctionCodeInput(body, ctx), code, message));
  }
});

describe('PublishVersion', () => {
  test('members are optional and passed through', () => {
    assert.deepEqual(parsePublishVersionInput({}), {});
    assert.deepEqual(parsePublishVersionInput({ CodeSha256: 'abc', Description: 'v1', RevisionId: 'r' }), {
      CodeSha256: 'abc',
      Description: 'v1',
      RevisionId: 'r',
    });
  });
  test('Description is limited to 256 characters', () => {
    expectError(() => parsePublishVersionInput({ Description: 'x'.repeat(257) }), 'ValidationException',
      `1 validation error detected: Value '${'x'.repeat(257)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`);
  });
});
