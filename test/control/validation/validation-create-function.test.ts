import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCreateFunctionInput } from '../../../src/control/validation/create-function.js';
import { expectAwsError } from '../../helpers/expect-aws-error.js';

const ctx = { region: 'us-east-1', accountId: '111111111111' } as const;
const ZIP = Buffer.from('PK\u0005\u0006 not really a zip');
const ROLE = 'arn:aws:iam::111111111111:role/lambda-role';
const base = {
  FunctionName: 'my-fn',
  Role: ROLE,
  Runtime: 'nodejs20.x',
  Handler: 'index.handler',
  Code: { ZipFile: ZIP.toString('base64') },
};
const layer = (name: string, version: number, region = 'us-east-1'): string =>
  `arn:aws:lambda:${region}:111111111111:layer:${name}:${version}`;

function expectError(body: unknown, code: string, status: number, message: string | RegExp): void {
  expectAwsError(() => parseCreateFunctionInput(body, ctx), code, status, message);
}

describe('CreateFunction defaults', () => {
  test('a minimal body gets AWS defaults', () => {
    const input = parseCreateFunctionInput(base, ctx);
    assert.deepEqual(input, {
      FunctionName: 'my-fn',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: ZIP },
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      Publish: false,
      PackageType: 'Zip',
      Environment: {},
      Layers: [],
      TracingConfig: { Mode: 'PassThrough' },
      Tags: {},
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/my-fn' },
      SnapStart: { ApplyOn: 'None' },
    });
  });

  test('a full ARN names the function; unknown members and nulls are ignored', () => {
    const input = parseCreateFunctionInput(
      { ...base, FunctionName: 'arn:aws:lambda:us-east-1:111111111111:function:arn-fn', Bogus: 1, Description: null },
      ctx,
    );
    assert.equal(input.FunctionName, 'arn-fn');
    assert.equal(input.Description, '');
    assert.equal(input.LoggingConfig.LogGroup, '/aws/lambda/arn-fn');
  });

  test('given values are kept', () => {
    const input = parseCreateFunctionInput(
      {
        ...base,
        Description: 'd',
        Timeout: 900,
        MemorySize: 10240,
        Publish: true,
        Environment: { Variables: { API_URL: 'https://x', TZ: 'Europe/Paris' } },
        TracingConfig: { Mode: 'Active' },
        EphemeralStorage: { Size: 10240 },
        Tags: { team: 'core' },
        Architectures: ['x86_64'],
        Layers: [layer('a', 1), layer('b', 2)],
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:111111111111:dlq' },
        KMSKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/abc',
      },
      ctx,
    );
    assert.equal(input.Timeout, 900);
    assert.equal(input.MemorySize, 10240);
    assert.equal(input.Publish, true);
    assert.deepEqual(input.Environment, { API_URL: 'https://x', TZ: 'Europe/Paris' });
    assert.deepEqual(input.TracingConfig, { Mode: 'Active' });
    assert.deepEqual(input.EphemeralStorage, { Size: 10240 });
    assert.deepEqual(input.Tags, { team: 'core' });
    assert.deepEqual(input.Layers, [layer('a', 1), layer('b', 2)]);
    assert.deepEqual(input.DeadLetterConfig, { TargetArn: 'arn:aws:sqs:us-east-1:111111111111:dlq' });
    assert.equal(input.KMSKeyArn, 'arn:aws:kms:us-east-1:111111111111:key/abc');
  });

  test('JSON logging turns both log levels on at INFO', () => {
    const input = parseCreateFunctionInput({ ...base, LoggingConfig: { LogFormat: 'JSON' } }, ctx);
    assert.deepEqual(input.LoggingConfig, {
      LogFormat: 'JSON', LogGroup: '/aws/lambda/my-fn', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO',
    });
  });
});

const v1 = (value: string, field: string, constraint: string): string =>
  `1 validation error detected: Value ${value} at '${field}' failed to satisfy constraint: ${constraint}`;

describe('CreateFunction model validation (ValidationException)', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['missing role', { ...base, Role: undefined }, v1('null', 'role', 'Member must not be null')],
    ['missing code', { ...base, Code: undefined }, v1('null', 'code', 'Member must not be null')],
    ['role pattern [LS invalid_role_arn_exc]', { ...base, Role: 'r1' },
      v1("'r1'", 'role', 'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+')],
    ['MemorySize below 128', { ...base, MemorySize: 127 }, v1("'127'", 'memorySize', 'Member must have value greater than or equal to 128')],
    ['MemorySize above 10240', { ...base, MemorySize: 10241 }, v1("'10241'", 'memorySize', 'Member must have value less than or equal to 10240')],
    ['Timeout 0', { ...base, Timeout: 0 }, v1("'0'", 'timeout', 'Member must have value greater than or equal to 1')],
    ['Timeout above 900', { ...base, Timeout: 901 }, v1("'901'", 'timeout', 'Member must have value less than or equal to 900')],
    ['EphemeralStorage below 512', { ...base, EphemeralStorage: { Size: 511 } },
      v1("'511'", 'ephemeralStorage.size', 'Member must have value greater than or equal to 512')],
    ['EphemeralStorage above 10240', { ...base, EphemeralStorage: { Size: 10241 } },
      v1("'10241'", 'ephemeralStorage.size', 'Member must have value less than or equal to 10240')],
    ['EphemeralStorage without Size', { ...base, EphemeralStorage: {} }, v1('null', 'ephemeralStorage.size', 'Member must not be null')],
    ['Handler with a space', { ...base, Handler: 'index handler' },
      v1("'index handler'", 'handler', 'Member must satisfy regular expression pattern: [^\\s]+')],
    ['Handler longer than 128', { ...base, Handler: 'h'.repeat(129) },
      v1(`'${'h'.repeat(129)}'`, 'handler', 'Member must have length less than or equal to 128')],
    ['Description longer than 256', { ...base, Description: 'd'.repeat(257) },
      v1(`'${'d'.repeat(257)}'`, 'description', 'Member must have length less than or equal to 256')],
    ['two architectures [LS multiple_architectures]', { ...base, Architectures: ['x86_64', 'arm64'] },
      v1("'[x86_64, arm64]'", 'architectures', 'Member must have length less than or equal to 1')],
    ['uppercase architecture [LS uppercase_architecture]', { ...base, Architectures: ['X86_64'] },
      v1("'[X86_64]'", 'architectures', 'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]')],
    ['tracing mode', { ...base, TracingConfig: { Mode: 'On' } },
      v1("'On'", 'tracingConfig.mode', 'Member must satisfy enum value set: [Active, PassThrough]')],
    ['SnapStart ApplyOn [LS create_function_invalid_snapstart_apply]', { ...base, SnapStart: { ApplyOn: 'invalidOption' } },
      v1("'invalidOption'", 'snapStart.applyOn', 'Member must satisfy enum value set: [PublishedVersions, None]')],
    ['PackageType', { ...base, PackageType: 'Jar' }, v1("'Jar'", 'packageType', 'Member must satisfy enum value set: [Zip, Image]')],
    ['layer ARN without version [LS add_layer_arn_without_version_exc]',
      { ...base, Layers: ['arn:aws:lambda:us-east-1:111111111111:layer:l'] },
      v1("'[arn:aws:lambda:us-east-1:111111111111:layer:l]'", 'layers',
        'Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, ' +
          'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must not be null]')],
    ['environment variable name (sensitive: no value shown)', { ...base, Environment: { Variables: { '1BAD': 'x' } } },
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]"],
    ['one-letter environment variable name', { ...base, Environment: { Variables: { A: 'x' } } },
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]"],
    ['subnet id format [LS invalid_vpc_config_subnet]', { ...base, VpcConfig: { SubnetIds: ['bad'], SecurityGroupIds: [] } },
      v1("'[bad]'", 'vpcConfig.subnetIds', 'Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: subnet-[0-9a-z]*]')],
  ];
  for (const [title, body, message] of cases) {
    test(title, () => expectError(body, 'ValidationException', 400, message));
  }

  test('several violations are reported in one message', () => {
    expectError({ ...base, MemorySize: 1, Timeout: 0 }, 'ValidationException', 400,
      "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '1' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
  });

  test('a 65-character bare name is an InvalidParameterValueException [LS long_function_name_exc]', () => {
    expectError({ ...base, FunctionName: 'a'.repeat(65) }, 'InvalidParameterValueException', 400,
      v1(`'${'a'.repeat(65)}'`, 'functionName', 'Member must have length less than or equal to 64'));
  });
});

describe('CreateFunction wire types (SerializationException)', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a string for an Integer', { ...base, MemorySize: 'abc' }, 'STRING_VALUE can not be converted to an Integer'],
    ['a number for a String', { ...base, Handler: 5 },
      'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'],
    ['an object for a String', { ...base, Runtime: { a: 1 } }, 'Start of structure or map found where not expected.'],
    ['a string for a Boolean', { ...base, Publish: 'yes' }, 'STRING_VALUE can not be converted to a Boolean'],
    ['a scalar for a structure', { ...base, TracingConfig: 5 }, 'NUMBER_VALUE can not be converted to a Structure'],
    ['a number as environment value', { ...base, Environment: { Variables: { KEY: 1 } } },
      'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'],
  ];
  for (const [title, body, message] of cases) {
    test(title, () => expectError(body, 'SerializationException', 400, message));
  }
  test('a body that is not an object', () => {
    expectError([1], 'SerializationException', 400, 'START_ARRAY can not be converted to a Structure');
  });
});

describe('CreateFunction service rules (InvalidParameterValueException)', () => {
  const ipv: [string, Record<string, unknown>, string | RegExp][] = [
    ['no Runtime', { ...base, Runtime: undefined }, 'Runtime and Handler are mandatory parameters for functions created with deployment packages.'],
    ['no Handler', { ...base, Handler: undefined }, 'Runtime and Handler are mandatory parameters for functions created with deployment packages.'],
    ['unknown runtime [LS invalid_runtime_exc]', { ...base, Runtime: 'non-existent-runtime' },
      'Value non-existent-runtime at \'runtime\' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2] or be a valid ARN'],
    ['uppercase runtime [LS uppercase_runtime_exc]', { ...base, Runtime: 'PYTHON3.9' }, /^Value PYTHON3\.9 at 'runtime' failed to satisfy constraint/],
    ['deprecated runtime', { ...base, Runtime: 'nodejs12.x' },
      'The runtime parameter of nodejs12.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.'],
    ['a runtime lambdabox cannot run', { ...base, Runtime: 'java21' }, /^The runtime java21 is not supported by lambdabox\. Supported runtimes: \[nodejs20\.x/],
    ['arm64', { ...base, Architectures: ['arm64'] }, /^lambdabox runs functions on x86_64 only/],
    ['no code source', { ...base, Code: {} }, 'Please provide a source for function code.'],
    ['S3 code', { ...base, Code: { S3Bucket: 'bucket', S3Key: 'k.zip' } }, /^lambdabox does not support code from Amazon S3/],
    ['two code sources', { ...base, Code: { ZipFile: 'UEs=', S3Bucket: 'bucket', S3Key: 'k' } }, /^Please provide only one source for function code/],
    ['image package', { ...base, PackageType: 'Image', Code: { ImageUri: 'x.dkr.ecr/repo:1' } }, /^lambdabox does not support container image functions/],
    ['ZipFile that is not base64', { ...base, Code: { ZipFile: 'not base64!' } }, 'Could not decode Code.ZipFile: the value is not valid base64.'],
    ['reserved environment keys, listed in request order', { ...base, Environment: { Variables: { AWS_REGION: 'x', OK_VAR: 'y', AWS_ACCESS_KEY_ID: 'z' } } },
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION, AWS_ACCESS_KEY_ID'],
    // AWS quotes the variables back; lambdabox gives their size only (invariant 4: no secret in an error message).
    ['environment over 4 KB [LS test_large_environment_variables_fails]', { ...base, Environment: { Variables: { LARGE_VAR: 'x'.repeat(4096) } } },
      'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: 4112 bytes (values withheld)'],
    ['six layers', { ...base, Layers: [1, 2, 3, 4, 5, 6].map((n) => layer(`l${n}`, 1)) }, 'Cannot reference more than 5 layers.'],
    ['two versions of one layer', { ...base, Layers: [layer('l', 1), layer('l', 2)] },
      `Two different versions of the same layer are not allowed to be referenced in the same function. ${layer('l', 1)} and ${layer('l', 2)} are versions of the same layer.`],
    ['a layer from another region', { ...base, Layers: [layer('l', 1, 'eu-west-1')] },
      'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.'],
    ['more than 50 tags', { ...base, Tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`${i}_key`, 'v'])) },
      'Number of tags exceeds resource tag limit.'],
    ['aws: tag prefix', { ...base, Tags: { 'aws:team': 'x' } }, /^Tag keys starting with 'aws:' are reserved/],
    ['log levels with Text format', { ...base, LoggingConfig: { LogFormat: 'Text', ApplicationLogLevel: 'DEBUG' } },
      /^LogLevel is not supported when LogFormat is set to "Text"/],
    ['SnapStart on a runtime without it', { ...base, SnapStart: { ApplyOn: 'PublishedVersions' } },
      'nodejs20.x is not supported for SnapStart enabled functions.'],
    ['EFS', { ...base, FileSystemConfigs: [{ Arn: 'arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/fsap-0123456789abcdef0', LocalMountPath: '/mnt/efs' }] },
      /^lambdabox does not support Amazon EFS/],
  ];
  for (const [title, body, message] of ipv) {
    test(title, () => expectError(body, 'InvalidParameterValueException', 400, message));
  }

  test('exactly 4 KB of environment and 5 layers are accepted', () => {
    const value = 'x'.repeat(4096 - '{"K1":""}'.length);
    const input = parseCreateFunctionInput(
      { ...base, Environment: { Variables: { K1: value } }, Layers: [1, 2, 3, 4, 5].map((n) => layer(`l${n}`, 1)) },
      ctx,
    );
    assert.equal(input.Environment['K1'], value);
    assert.equal(input.Layers.length, 5);
  });

  test('other account → 403, other region → 404', () => {
    expectError({ ...base, FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:f' }, 'AccessDeniedException', 403, '');
    expectError({ ...base, FunctionName: 'arn:aws:lambda:ap-southeast-1:111111111111:function:f' }, 'ResourceNotFoundException', 404,
      "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')");
  });
});
