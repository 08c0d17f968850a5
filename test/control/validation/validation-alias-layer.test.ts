import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAliasName, parseCreateAliasInput, parseUpdateAliasInput } from '../../../src/control/validation/alias.js';
import { parsePublishLayerVersionInput } from '../../../src/control/validation/publish-layer-version.js';
import { expectAwsError } from '../../helpers/expect-aws-error.js';

const ctx = { region: 'us-east-1', accountId: '111111111111' } as const;
const ZIP = Buffer.from('PK\u0003\u0004 layer');
const RUNTIME_SET =
  '[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]';

const expectError = expectAwsError;

describe('CreateAlias / UpdateAlias', () => {
  test('CreateAlias defaults Description to empty', () => {
    assert.deepEqual(parseCreateAliasInput({ Name: 'prod', FunctionVersion: '1' }), {
      Name: 'prod', FunctionVersion: '1', Description: '',
    });
  });
  test('routing config with one weighted version', () => {
    assert.deepEqual(
      parseCreateAliasInput({ Name: 'live', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { '1': 0.25 } } }),
      { Name: 'live', FunctionVersion: '2', Description: '', RoutingConfig: { AdditionalVersionWeights: { '1': 0.25 } } },
    );
  });
  test('UpdateAlias returns only given members', () => {
    assert.deepEqual(parseUpdateAliasInput({ Description: 'x', RevisionId: 'r' }, 'prod'), { Description: 'x', RevisionId: 'r' });
    assert.deepEqual(parseUpdateAliasInput({ RoutingConfig: { AdditionalVersionWeights: {} } }, 'prod'), {
      RoutingConfig: { AdditionalVersionWeights: {} },
    });
  });

  const v1 = (value: string, field: string, constraint: string): string =>
    `1 validation error detected: Value ${value} at '${field}' failed to satisfy constraint: ${constraint}`;
  const weights = (w: Record<string, unknown>, version = '1'): unknown => ({
    Name: 'a', FunctionVersion: version, RoutingConfig: { AdditionalVersionWeights: w },
  });
  const cases: [string, unknown, string, string][] = [
    ['numeric alias name [LS create_alias_number_exception]', { Name: '2024', FunctionVersion: '1' }, 'ValidationException',
      v1("'2024'", 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)')],
    ['missing name', { FunctionVersion: '1' }, 'ValidationException', v1('null', 'name', 'Member must not be null')],
    ['missing version', { Name: 'a' }, 'ValidationException', v1('null', 'functionVersion', 'Member must not be null')],
    ['bad version', { Name: 'a', FunctionVersion: 'v1' }, 'ValidationException',
      v1("'v1'", 'functionVersion', 'Member must satisfy regular expression pattern: (\\$LATEST(\\.PUBLISHED)?|[0-9]+)')],
    ['weight above 1 [LS routing_config_exc_toohigh]', weights({ '2': 2 }), 'ValidationException',
      v1("'{2=2.0}'", 'routingConfig.additionalVersionWeights',
        'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]')],
    ['weight below 0 [LS routing_config_exc_subzero]', weights({ '2': -1 }), 'ValidationException',
      v1("'{2=-1.0}'", 'routingConfig.additionalVersionWeights',
        'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]')],
    ['$LATEST as weighted version [LS routing_config_exc_version_latest]', weights({ $LATEST: 0.5 }), 'ValidationException',
      v1("'{$LATEST=0.5}'", 'routingConfig.additionalVersionWeights',
        'Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]')],
    ['two weighted versions [LS routing_config_exc_toomany]', weights({ '2': 0.5, '3': 0.5 }), 'InvalidParameterValueException',
      'Number of items in AdditionalVersionWeights cannot be greater than 1'],
    ['weighted version equal to the target [LS routing_config_exc_sameversion]', weights({ '1': 0.5 }), 'InvalidParameterValueException',
      'Invalid function version 1. Function version 1 is already included in routing configuration.'],
    ['$LATEST target with routing [LS target_version_exc_version_latest]', weights({ '1': 0.5 }, '$LATEST'), 'InvalidParameterValueException',
      '$LATEST is not supported for an alias pointing to more than 1 version'],
    ['description too long', { Name: 'a', FunctionVersion: '1', Description: 'd'.repeat(257) }, 'ValidationException',
      v1(`'${'d'.repeat(257)}'`, 'description', 'Member must have length less than or equal to 256')],
    ['weight as a string', weights({ '2': 'half' }), 'SerializationException', 'STRING_VALUE can not be converted to a Double'],
  ];
  for (const [title, body, code, message] of cases) {
    test(title, () => expectError(() => parseCreateAliasInput(body), code, 400, message));
  }

  test('the {Name} path segment is validated for UpdateAlias, GetAlias and DeleteAlias', () => {
    assert.equal(parseAliasName('prod'), 'prod');
    expectError(() => parseAliasName('a'.repeat(129)), 'ValidationException', 400,
      v1(`'${'a'.repeat(129)}'`, 'name', 'Member must have length less than or equal to 128'));
    expectError(() => parseUpdateAliasInput({}, '42'), 'ValidationException', 400,
      v1("'42'", 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)'));
  });
});

describe('PublishLayerVersion', () => {
  test('defaults and decoded content', () => {
    assert.deepEqual(parsePublishLayerVersionInput({ Content: { ZipFile: ZIP.toString('base64') } }, 'my-layer', ctx), {
      LayerName: 'my-layer',
      Content: { ZipFile: ZIP },
      CompatibleRuntimes: [],
      CompatibleArchitectures: [],
      Description: '',
    });
  });
  test('given members are kept, a layer ARN names the layer', () => {
    const input = parsePublishLayerVersionInput(
      {
        Content: { ZipFile: ZIP.toString('base64') },
        CompatibleRuntimes: ['nodejs20.x', 'python3.12'],
        CompatibleArchitectures: ['x86_64', 'arm64'],
        Description: 'd',
        LicenseInfo: 'MIT',
      },
      'arn:aws:lambda:us-east-1:111111111111:layer:shared',
      ctx,
    );
    assert.equal(input.LayerName, 'shared');
    assert.deepEqual(input.CompatibleRuntimes, ['nodejs20.x', 'python3.12']);
    assert.deepEqual(input.CompatibleArchitectures, ['x86_64', 'arm64']);
    assert.equal(input.LicenseInfo, 'MIT');
  });

  const zip = { ZipFile: ZIP.toString('base64') };
  const cases: [string, unknown, string, number, string | RegExp][] = [
    ['missing content', {}, 'ValidationException', 400,
      "1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null"],
    ['invalid runtime and architecture [LS publish_layer_version_exc_invalid_runtime_arch]',
      { Content: zip, CompatibleRuntimes: ['invalidruntime'], CompatibleArchitectures: ['invalidarch'] }, 'ValidationException', 400,
      `2 validation errors detected: Value '[invalidruntime]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: ${RUNTIME_SET}; ` +
        "Value '[invalidarch]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"],
    ['partially invalid lists print the whole list [LS publish_layer_version_exc_partially_invalid_values]',
      { Content: zip, CompatibleRuntimes: ['invalidruntime', 'invalidruntime2', 'nodejs20.x'] }, 'ValidationException', 400,
      `1 validation error detected: Value '[invalidruntime, invalidruntime2, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: ${RUNTIME_SET}`],
    ['more than 15 runtimes', { Content: zip, CompatibleRuntimes: Array.from({ length: 16 }, () => 'nodejs20.x') }, 'ValidationException', 400,
      /at 'compatibleRuntimes' failed to satisfy constraint: Member must have length less than or equal to 15$/],
    ['license too long', { Content: zip, LicenseInfo: 'l'.repeat(513) }, 'ValidationException', 400,
      /at 'licenseInfo' failed to satisfy constraint: Member must have length less than or equal to 512$/],
    ['S3 content', { Content: { S3Bucket: 'bucket', S3Key: 'layer.zip' } }, 'InvalidParameterValueException', 400,
      /^lambdabox does not support code from Amazon S3/],
    ['empty content', { Content: {} }, 'InvalidParameterValueException', 400, 'Please provide a source for layer content.'],
  ];
  for (const [title, body, code, status, message] of cases) {
    test(title, () => expectError(() => parsePublishLayerVersionInput(body, 'my-layer', ctx), code, status, message));
  }

  test('bad layer names and other accounts', () => {
    expectError(() => parsePublishLayerVersionInput({ Content: zip }, 'bad/name', ctx), 'ValidationException', 400, /at 'layerName'/);
    expectError(
      () => parsePublishLayerVersionInput({ Content: zip }, 'arn:aws:lambda:us-east-1:222222222222:layer:x', ctx),
      'AccessDeniedException', 403, '',
    );
  });
});
