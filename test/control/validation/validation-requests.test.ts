import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePutFunctionConcurrencyInput, requireUnqualified } from '../../../src/control/validation/concurrency.js';
import { checkDestinationNotSelf, parseEventInvokeConfigInput } from '../../../src/control/validation/event-invoke-config.js';
import {
  MAX_ITEMS,
  parseLayerListQuery,
  parseListAliasesQuery,
  parseListFunctionsQuery,
  parsePagination,
} from '../../../src/control/validation/pagination.js';
import { parseTagKeys, parseTagsInput, resolveTaggableResource } from '../../../src/control/validation/tags.js';
import { CREATABLE_RUNTIMES, DEPRECATED_RUNTIMES, LAMBDABOX_RUNTIMES, RUNTIMES } from '../../../src/control/validation/runtimes.js';
import { expectAwsError } from '../../helpers/expect-aws-error.js';

const ctx = { region: 'us-east-1', accountId: '111111111111' } as const;
const FN = 'arn:aws:lambda:us-east-1:111111111111:function';

const expectError = expectAwsError;

describe('TagResource / UntagResource', () => {
  test('tags and tag keys are returned', () => {
    assert.deepEqual(parseTagsInput({ Tags: { team: 'core', empty: '' } }), { Tags: { team: 'core', empty: '' } });
    assert.deepEqual(parseTagKeys(new URLSearchParams('tagKeys=a&tagKeys=b')), ['a', 'b']);
  });
  const cases: [string, () => unknown, string, number, string | RegExp][] = [
    ['no Tags', () => parseTagsInput({}), 'ValidationException', 400,
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null"],
    ['empty Tags [LS tag_empty_tags]', () => parseTagsInput({ Tags: {} }), 'InvalidParameterValueException', 400,
      'An error occurred and the request cannot be processed.'],
    ['51 tags [LS tag_lambda_too_many_tags]', () => parseTagsInput({ Tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`${i}_key`, `${i}_value`])) }),
      'InvalidParameterValueException', 400, 'Number of tags exceeds resource tag limit.'],
    ['key longer than 128', () => parseTagsInput({ Tags: { ['k'.repeat(129)]: 'v' } }), 'ValidationException', 400,
      /at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: \[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, /],
    ['value longer than 256', () => parseTagsInput({ Tags: { k: 'v'.repeat(257) } }), 'ValidationException', 400,
      /at 'tags' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 256, /],
    ['aws: prefix, any case', () => parseTagsInput({ Tags: { 'AWS:x': 'v' } }), 'InvalidParameterValueException', 400,
      /^Tag keys starting with 'aws:' are reserved for internal use/],
    ['no tag keys [LS untag_empty_keys]', () => parseTagKeys(new URLSearchParams('')), 'ValidationException', 400,
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"],
  ];
  for (const [title, fn, code, status, message] of cases) test(title, () => expectError(fn, code, status, message));
});

describe('tagged resource ARN', () => {
  test('a function ARN resolves to its name; other kinds pass through', () => {
    assert.deepEqual(resolveTaggableResource(`${FN}:f`, ctx), { kind: 'function', name: 'f' });
    assert.deepEqual(
      resolveTaggableResource('arn:aws:lambda:us-east-1:111111111111:code-signing-config:csc-0123456789abcdefg', ctx),
      { kind: 'code-signing-config', id: 'csc-0123456789abcdefg' },
    );
  });
  test('versions and aliases cannot be tagged [LS tag_lambda_qualifier_doesnotexist]', () => {
    for (const q of ['v1', '1', '$LATEST']) {
      expectError(() => resolveTaggableResource(`${FN}:f:${q}`, ctx), 'InvalidParameterValueException', 400,
        'Tags on function aliases and versions are not supported. Please specify a function ARN.');
    }
  });
  test('an ARN that is not taggable [LS tag_lambda_invalidarn]', () => {
    expectError(() => resolveTaggableResource('arn:aws:something', ctx), 'ValidationException', 400,
      "1 validation error detected: Value 'arn:aws:something' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        'arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)');
  });
  test('other account → 403, other region → 404', () => {
    expectError(() => resolveTaggableResource('arn:aws:lambda:us-east-1:222222222222:function:f', ctx), 'AccessDeniedException', 403, '');
    expectError(() => resolveTaggableResource('arn:aws:lambda:eu-west-1:111111111111:function:f', ctx), 'ResourceNotFoundException', 404,
      "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");
  });
});

describe('PutFunctionConcurrency', () => {
  test('0 is allowed (it stops all invocations)', () => {
    assert.deepEqual(parsePutFunctionConcurrencyInput({ ReservedConcurrentExecutions: 0 }), { ReservedConcurrentExecutions: 0 });
  });
  test('missing and negative values', () => {
    expectError(() => parsePutFunctionConcurrencyInput({}), 'ValidationException', 400,
      "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null");
    expectError(() => parsePutFunctionConcurrencyInput({ ReservedConcurrentExecutions: -1 }), 'ValidationException', 400,
      "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0");
  });
  test('qualified function refs are refused [LS put_function_concurrency_with_qualified_arn]', () => {
    assert.deepEqual(requireUnqualified({ name: 'f' }), { name: 'f' });
    expectError(() => requireUnqualified({ name: 'f', qualifier: '1' }), 'InvalidParameterValueException', 400,
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
  });
});

describe('Put/UpdateFunctionEventInvokeConfig', () => {
  test('given members are returned', () => {
    const body = {
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:111111111111:q' } },
    };
    assert.deepEqual(parseEventInvokeConfigInput(body, 'put'), body);
    assert.deepEqual(parseEventInvokeConfigInput({ MaximumRetryAttempts: 2 }, 'update'), { MaximumRetryAttempts: 2 });
  });
  const cases: [string, unknown, string, string][] = [
    ['nothing given [LS put_functionname_nootherargs]', {}, 'InvalidParameterValueException',
      'You must specify at least one of error handling or destination setting.'],
    ['retries above 2', { MaximumRetryAttempts: 3 }, 'ValidationException',
      "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2"],
    ['event age below 60', { MaximumEventAgeInSeconds: 59 }, 'ValidationException',
      "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"],
    ['event age above 21600', { MaximumEventAgeInSeconds: 21601 }, 'ValidationException',
      "1 validation error detected: Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600"],
    ['destination pattern [LS put_destination_invalid_arn_pattern]', { DestinationConfig: { OnFailure: { Destination: 'arn:aws:_-/!lambda:us-east-1:111111111111:function:f' } } },
      'ValidationException',
      "1 validation error detected: Value 'arn:aws:_-/!lambda:us-east-1:111111111111:function:f' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: $|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)"],
    ['destination service [LS put_destination_invalid_service_arn]', { DestinationConfig: { OnSuccess: { Destination: 'arn:aws:iam:us-east-1:111111111111:function:f' } } },
      'InvalidParameterValueException',
      'The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:iam:us-east-1:111111111111:function:f), onFailure=null) is invalid.'],
  ];
  for (const [title, body, code, message] of cases) {
    test(title, () => {
      expectError(() => parseEventInvokeConfigInput(body, 'put'), code, 400, message);
      expectError(() => parseEventInvokeConfigInput(body, 'update'), code, 400, message);
    });
  }
  test('a function cannot be its own destination [LS put_destination_recursive]', () => {
    const config = { OnSuccess: { Destination: `${FN}:self` } };
    assert.doesNotThrow(() => checkDestinationNotSelf(config, 'other'));
    expectError(() => checkDestinationNotSelf(config, 'self'), 'InvalidParameterValueException', 400,
      "You can't specify the function as a destination for itself.");
  });
});

describe('list query parameters', () => {
  test('Marker and MaxItems', () => {
    assert.deepEqual(parsePagination(new URLSearchParams(''), MAX_ITEMS.ListFunctions), {});
    assert.deepEqual(parsePagination(new URLSearchParams('Marker=abc&MaxItems=50'), MAX_ITEMS.ListLayers), { marker: 'abc', maxItems: 50 });
  });
  const ranges: [string, readonly [number, number], string, string][] = [
    ['0 items', MAX_ITEMS.ListFunctions, '0', 'Member must have value greater than or equal to 1'],
    ['10001 items', MAX_ITEMS.ListVersionsByFunction, '10001', 'Member must have value less than or equal to 10000'],
    ['51 layers', MAX_ITEMS.ListLayers, '51', 'Member must have value less than or equal to 50'],
    ['51 event invoke configs', MAX_ITEMS.ListFunctionEventInvokeConfigs, '51', 'Member must have value less than or equal to 50'],
  ];
  for (const [title, range, value, constraint] of ranges) {
    test(title, () => expectError(() => parsePagination(new URLSearchParams(`MaxItems=${value}`), range), 'ValidationException', 400,
      `1 validation error detected: Value '${value}' at 'maxItems' failed to satisfy constraint: ${constraint}`));
  }
  test('non-numeric MaxItems', () => {
    expectError(() => parsePagination(new URLSearchParams('MaxItems=ten'), MAX_ITEMS.ListAliases), 'SerializationException', 400,
      'STRING_VALUE can not be converted to an Integer');
  });
  test('ListFunctions FunctionVersion [LS list_functions_invalid_functionversion]', () => {
    assert.deepEqual(parseListFunctionsQuery(new URLSearchParams('FunctionVersion=ALL&MaxItems=5')), { maxItems: 5, functionVersion: 'ALL' });
    expectError(() => parseListFunctionsQuery(new URLSearchParams('FunctionVersion=invalid')), 'ValidationException', 400,
      "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]");
  });
  test('ListAliases FunctionVersion', () => {
    assert.deepEqual(parseListAliasesQuery(new URLSearchParams('FunctionVersion=3')), { functionVersion: '3' });
    expectError(() => parseListAliasesQuery(new URLSearchParams('FunctionVersion=x')), 'ValidationException', 400, /at 'functionVersion'/);
  });
  test('layer list filters [LS list_layers_exc_compatiblearchitecture_invalid]', () => {
    assert.deepEqual(parseLayerListQuery(new URLSearchParams('CompatibleRuntime=nodejs12.x&CompatibleArchitecture=arm64')), {
      compatibleRuntime: 'nodejs12.x', compatibleArchitecture: 'arm64',
    });
    expectError(() => parseLayerListQuery(new URLSearchParams('CompatibleArchitecture=archdoesnotexist')), 'ValidationException', 400,
      "1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]");
    expectError(() => parseLayerListQuery(new URLSearchParams('CompatibleRuntime=runtimedoesnotexist')), 'ValidationException', 400,
      /^1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: \[ruby3\.5, ruby2\.6, /);
  });
});

describe('runtime catalog', () => {
  test('the runtimes lambdabox runs are creatable in AWS', () => {
    for (const r of LAMBDABOX_RUNTIMES) assert.ok(CREATABLE_RUNTIMES.includes(r), r);
    for (const r of ['nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.11', 'python3.12', 'python3.13', 'provided.al2023', 'provided.al2']) {
      assert.ok((LAMBDABOX_RUNTIMES as readonly string[]).includes(r), r);
    }
  });
  test('deprecated and creatable sets are disjoint subsets of the enum', () => {
    for (const r of [...CREATABLE_RUNTIMES, ...DEPRECATED_RUNTIMES]) assert.ok(RUNTIMES.includes(r), r);
    for (const r of DEPRECATED_RUNTIMES) assert.ok(!CREATABLE_RUNTIMES.includes(r), r);
  });
});
