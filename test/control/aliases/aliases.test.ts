import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  ListAliasesCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { TEST_ACCOUNT_ID, TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { FN_ARN, startControl, type ControlFixture } from '../../helpers/control-fixture.js';
import { TEST_ROLE } from '../../helpers/zips.js';
import { rejects } from '../../helpers/aws-errors.js';
import { ensureLambdaRole } from '../../helpers/lambda-roles.js';

const OTHER_ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/other-role`;
const DLQ = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT_ID}:dead-letters`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Lambda aliases through the SDK', () => {
  let fixture: LambdaboxFixture;
  let lambda: LambdaClient;
  /** A function with $LATEST only. */
  let createFunction: ControlFixture['createFunction'];

  /** Changes $LATEST (a Description change alone publishes nothing new) and publishes it. */
  async function publish(
    name: string,
    change: { Timeout: number; Role?: string; DeadLetterConfig?: { TargetArn: string } },
  ): Promise<string> {
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, ...change }));
    await fixture.settled();
    const published = await lambda.send(new PublishVersionCommand({ FunctionName: name }));
    await fixture.settled();
    assert.ok(published.Version !== undefined && /^[0-9]+$/.test(published.Version));
    return published.Version;
  }

  before(async () => {
    ({ fixture, lambda, createFunction } = await startControl());
    await ensureLambdaRole(fixture.box, OTHER_ROLE);
    // Version 4's dead-letter queue: AWS checks the role may send there when it is configured.
    await fixture.box.control.store.transact((tx) =>
      tx.attachPolicy(TEST_ACCOUNT_ID, 'role', 'lambda-role', 'arn:aws:iam::aws:policy/AmazonSQSFullAccess'),
    );
    fixture.box.policySource.invalidate();
    // fn: versions 1 and 2 share role and dead-letter queue; 3 has another role, 4 a dead-letter queue.
    await createFunction('fn');
    assert.equal(await publish('fn', { Timeout: 11 }), '1');
    assert.equal(await publish('fn', { Timeout: 12 }), '2');
    assert.equal(await publish('fn', { Timeout: 13, Role: OTHER_ROLE }), '3');
    assert.equal(await publish('fn', { Timeout: 14, Role: TEST_ROLE, DeadLetterConfig: { TargetArn: DLQ } }), '4');
  });

  after(async () => {
    await fixture.close();
  });

  test('full lifecycle: create, get, update, list, delete', async () => {
    const created = await lambda.send(
      new CreateAliasCommand({ FunctionName: 'fn', Name: 'life', FunctionVersion: '1', Description: 'first' }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.RevisionId ?? '', UUID);
    const expected = {
      AliasArn: `${FN_ARN}:fn:life`,
      Name: 'life',
      FunctionVersion: '1',
      Description: 'first',
      RevisionId: created.RevisionId,
    };
    const { $metadata: _c, ...createdBody } = created;
    assert.deepEqual(createdBody, expected);

    const got = await lambda.send(new GetAliasCommand({ FunctionName: 'fn', Name: 'life' }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    const { $metadata: _g, ...gotBody } = got;
    assert.deepEqual(gotBody, expected);

    const updated = await lambda.send(
      new UpdateAliasCommand({ FunctionName: 'fn', Name: 'life', FunctionVersion: '2', Description: 'moved' }),
    );
    assert.equal(updated.$metadata.httpStatusCode, 200);
    assert.equal(updated.FunctionVersion, '2');
    assert.equal(updated.Description, 'moved');
    assert.match(updated.RevisionId ?? '', UUID);
    assert.notEqual(updated.RevisionId, created.RevisionId);

    // An update that changes nothing still gets a new RevisionId, and keeps every member.
    const touched = await lambda.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'life' }));
    assert.notEqual(touched.RevisionId, updated.RevisionId);
    assert.equal(touched.FunctionVersion, '2');
    assert.equal(touched.Description, 'moved');

    const listed = await lambda.send(new ListAliasesCommand({ FunctionName: 'fn' }));
    const entry = listed.Aliases?.find((a) => a.Name === 'life');
    assert.deepEqual(entry, {
      AliasArn: `${FN_ARN}:fn:life`,
      Name: 'life',
      FunctionVersion: '2',
      Description: 'moved',
      RevisionId: touched.RevisionId,
    });

    const deleted = await lambda.send(new DeleteAliasCommand({ FunctionName: 'fn', Name: 'life' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await rejects(
      lambda.send(new GetAliasCommand({ FunctionName: 'fn', Name: 'life' })),
      404,
      'ResourceNotFoundException',
      `Cannot find alias arn: ${FN_ARN}:fn:life`,
    );
  });

  test('Description defaults to the empty string and the function may be named by ARN', async () => {
    const created = await lambda.send(
      new CreateAliasCommand({ FunctionName: `${FN_ARN}:fn`, Name: 'by-arn', FunctionVersion: '$LATEST' }),
    );
    assert.equal(created.Description, '');
    assert.equal(created.FunctionVersion, '$LATEST');
    assert.equal(created.RoutingConfig, undefined);
    const got = await lambda.send(new GetAliasCommand({ FunctionName: `${TEST_ACCOUNT_ID}:function:fn`, Name: 'by-arn' }));
    assert.equal(got.AliasArn, `${FN_ARN}:fn:by-arn`);
  });

  test('a duplicate name is 409 ResourceConflictException', async () => {
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'dup', FunctionVersion: '1' }));
    await rejects(
      lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'dup', FunctionVersion: '2' })),
      409,
      'ResourceConflictException',
      `Alias already exists: ${FN_ARN}:fn:dup`,
    );
  });

  test('an alias of a missing function is 404 naming the function and the version', async () => {
    await rejects(
      lambda.send(new CreateAliasCommand({ FunctionName: 'nope', Name: 'a', FunctionVersion: '1' })),
      404,
      'ResourceNotFoundException',
      `Function not found: ${FN_ARN}:nope:1`,
    );
  });

  test('a missing target version is 404 Function not found', async () => {
    await rejects(
      lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'ten', FunctionVersion: '10' })),
      404,
      'ResourceNotFoundException',
      `Function not found: ${FN_ARN}:fn:10`,
    );
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'to-move', FunctionVersion: '1' }));
    await rejects(
      lambda.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'to-move', FunctionVersion: '10' })),
      404,
      'ResourceNotFoundException',
      `Function not found: ${FN_ARN}:fn:10`,
    );
  });

  test('alias names may contain digits but may not be a version number', async () => {
    const dated = await lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: '2024-01-02', FunctionVersion: '1' }));
    assert.equal(dated.Name, '2024-01-02');
    await rejects(
      lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: '2024', FunctionVersion: '1' })),
      400,
      'ValidationException',
      "1 validation error detected: Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    );
  });

  test('missing aliases: GetAlias and UpdateAlias are 404 with their own wording, DeleteAlias succeeds', async () => {
    await rejects(
      lambda.send(new GetAliasCommand({ FunctionName: 'fn', Name: 'non-existent' })),
      404,
      'ResourceNotFoundException',
      `Cannot find alias arn: ${FN_ARN}:fn:non-existent`,
    );
    await rejects(
      lambda.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'non-existent' })),
      404,
      'ResourceNotFoundException',
      `Alias not found: ${FN_ARN}:fn:non-existent`,
    );
    const deleted = await lambda.send(new DeleteAliasCommand({ FunctionName: 'fn', Name: 'non-existent' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
  });

  test('alias operations on a missing function are 404 Function not found', async () => {
    const notFound = `Function not found: ${FN_ARN}:nope`;
    await rejects(lambda.send(new GetAliasCommand({ FunctionName: 'nope', Name: 'a' })), 404, 'ResourceNotFoundException', notFound);
    await rejects(lambda.send(new UpdateAliasCommand({ FunctionName: 'nope', Name: 'a' })), 404, 'ResourceNotFoundException', notFound);
    await rejects(lambda.send(new DeleteAliasCommand({ FunctionName: 'nope', Name: 'a' })), 404, 'ResourceNotFoundException', notFound);
    await rejects(lambda.send(new ListAliasesCommand({ FunctionName: 'nope' })), 404, 'ResourceNotFoundException', notFound);
  });

  test('UpdateAlias with a stale RevisionId is 412 and changes nothing', async () => {
    const created = await lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'rev', FunctionVersion: '1' }));
    await rejects(
      lambda.send(
        new UpdateAliasCommand({ FunctionName: 'fn', Name: 'rev', FunctionVersion: '2', RevisionId: '00000000-0000-4000-8000-000000000000' }),
      ),
      412,
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
    const unchanged = await lambda.send(new GetAliasCommand({ FunctionName: 'fn', Name: 'rev' }));
    assert.equal(unchanged.FunctionVersion, '1');
    assert.equal(unchanged.RevisionId, created.RevisionId);

    const updated = await lambda.send(
      new UpdateAliasCommand({ FunctionName: 'fn', Name: 'rev', FunctionVersion: '2', RevisionId: created.RevisionId }),
    );
    assert.equal(updated.FunctionVersion, '2');
  });

  test('routing configuration round trip: create, get, list, move, clear', async () => {
    const created = await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'fn',
        Name: 'canary',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } },
      }),
    );
    assert.deepEqual(created.RoutingConfig, { AdditionalVersionWeights: { '2': 0.25 } });
    const got = await lambda.send(new GetAliasCommand({ FunctionName: 'fn', Name: 'canary' }));
    assert.deepEqual(got.RoutingConfig, { AdditionalVersionWeights: { '2': 0.25 } });
    const listed = await lambda.send(new ListAliasesCommand({ FunctionName: 'fn' }));
    assert.deepEqual(listed.Aliases?.find((a) => a.Name === 'canary')?.RoutingConfig, { AdditionalVersionWeights: { '2': 0.25 } });

    // Changing only the weight keeps the version; moving onto the additional version is refused.
    const reweighted = await lambda.send(
      new UpdateAliasCommand({ FunctionName: 'fn', Name: 'canary', RoutingConfig: { AdditionalVersionWeights: { '2': 0.75 } } }),
    );
    assert.equal(reweighted.FunctionVersion, '1');
    assert.deepEqual(reweighted.RoutingConfig, { AdditionalVersionWeights: { '2': 0.75 } });
    await rejects(
      lambda.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'canary', FunctionVersion: '2' })),
      400,
      'InvalidParameterValueException',
      'Invalid function version 2. Function version 2 is already included in routing configuration.',
    );

    // An empty map removes the routing; the member then disappears from the response.
    const cleared = await lambda.send(
      new UpdateAliasCommand({ FunctionName: 'fn', Name: 'canary', RoutingConfig: { AdditionalVersionWeights: {} } }),
    );
    assert.equal(cleared.RoutingConfig, undefined);
    const afterClear = await lambda.send(new GetAliasCommand({ FunctionName: 'fn', Name: 'canary' }));
    assert.equal(afterClear.RoutingConfig, undefined);

    const empty = await lambda.send(
      new CreateAliasCommand({ FunctionName: 'fn', Name: 'empty-routing', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: {} } }),
    );
    assert.equal(empty.RoutingConfig, undefined);
  });

  test('routing configuration is validated as AWS does', async () => {
    const create = (FunctionVersion: string, AdditionalVersionWeights: Record<string, number>): Promise<unknown> =>
      lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'routed', FunctionVersion, RoutingConfig: { AdditionalVersionWeights } }));
    await rejects(
      create('1', { '1': 0.8, '2': 0.2 }),
      400,
      'InvalidParameterValueException',
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    );
    const range =
      "failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]";
    await rejects(
      create('1', { '2': 2 }),
      400,
      'ValidationException',
      `1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' ${range}`,
    );
    await rejects(
      create('1', { '2': -1 }),
      400,
      'ValidationException',
      `1 validation error detected: Value '{2=-1.0}' at 'routingConfig.additionalVersionWeights' ${range}`,
    );
    await rejects(
      create('1', { '1': 0.5 }),
      400,
      'InvalidParameterValueException',
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
    );
    await rejects(
      create('$LATEST', { '1': 0.5 }),
      400,
      'InvalidParameterValueException',
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
    await rejects(
      create('1', { $LATEST: 0.5 }),
      400,
      'ValidationException',
      "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]",
    );
    await rejects(create('1', { '10': 0.5 }), 404, 'ResourceNotFoundException', `Function not found: ${FN_ARN}:fn:10`);
    await rejects(
      create('2', { '3': 0.5 }),
      400,
      'InvalidParameterValueException',
      'Specified versions must be associated with the same execution role',
    );
    // The rule is AWS's (developer guide); the wording of this message is lambdabox's.
    await rejects(
      create('2', { '4': 0.5 }),
      400,
      'InvalidParameterValueException',
      'Specified versions must be associated with the same dead letter queue',
    );
    // None of the refused requests left an alias behind.
    await rejects(
      lambda.send(new GetAliasCommand({ FunctionName: 'fn', Name: 'routed' })),
      404,
      'ResourceNotFoundException',
      `Cannot find alias arn: ${FN_ARN}:fn:routed`,
    );
  });

  test('GetFunctionConfiguration with an alias qualifier returns the aliased version', async () => {
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'live', FunctionVersion: '2' }));
    const byQualifier = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn', Qualifier: 'live' }));
    assert.equal(byQualifier.Version, '2');
    assert.equal(byQualifier.Timeout, 12);
    assert.equal(byQualifier.FunctionArn, `${FN_ARN}:fn:live`);
    const byArn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${FN_ARN}:fn:live` }));
    assert.equal(byArn.Version, '2');
    assert.equal(byArn.FunctionArn, `${FN_ARN}:fn:live`);

    await lambda.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'live', FunctionVersion: '1' }));
    const moved = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn', Qualifier: 'live' }));
    assert.equal(moved.Version, '1');
    assert.equal(moved.Timeout, 11);
  });

  describe('ListAliases', () => {
    const names = ['a1', 'a2', 'b1', 'b2', 'b3'];

    before(async () => {
      await createFunction('listed');
      assert.equal(await publish('listed', { Timeout: 21 }), '1');
      assert.equal(await publish('listed', { Timeout: 22 }), '2');
      for (const name of names) {
        await lambda.send(new CreateAliasCommand({ FunctionName: 'listed', Name: name, FunctionVersion: name.startsWith('a') ? '1' : '2' }));
      }
    });

    async function allPages(input: { FunctionVersion?: string; MaxItems: number }): Promise<string[][]> {
      const pages: string[][] = [];
      let marker: string | undefined;
      do {
        const page = await lambda.send(new ListAliasesCommand({ FunctionName: 'listed', ...input, ...(marker === undefined ? {} : { Marker: marker }) }));
        pages.push((page.Aliases ?? []).map((a) => a.Name ?? ''));
        marker = page.NextMarker;
      } while (marker !== undefined && pages.length < 10);
      return pages;
    }

    test('pages with Marker and MaxItems, in name order, without NextMarker on the last page', async () => {
      assert.deepEqual(await allPages({ MaxItems: 2 }), [['a1', 'a2'], ['b1', 'b2'], ['b3']]);
      assert.deepEqual(await allPages({ MaxItems: 5 }), [names]);
      const whole = await lambda.send(new ListAliasesCommand({ FunctionName: 'listed' }));
      assert.deepEqual(whole.Aliases?.map((a) => a.Name), names);
      assert.equal(whole.NextMarker, undefined);
    });

    test('FunctionVersion keeps only the aliases of that version, also across pages', async () => {
      assert.deepEqual(await allPages({ FunctionVersion: '1', MaxItems: 10 }), [['a1', 'a2']]);
      assert.deepEqual(await allPages({ FunctionVersion: '2', MaxItems: 2 }), [['b1', 'b2'], ['b3']]);
      assert.deepEqual(await allPages({ FunctionVersion: '$LATEST', MaxItems: 10 }), [[]]);
      const v1 = await lambda.send(new ListAliasesCommand({ FunctionName: 'listed', FunctionVersion: '1' }));
      assert.ok(v1.Aliases?.every((a) => a.FunctionVersion === '1'));
    });

    test('MaxItems outside 1-10000 and a foreign marker are refused', async () => {
      await rejects(
        lambda.send(new ListAliasesCommand({ FunctionName: 'listed', MaxItems: 10001 })),
        400,
        'ValidationException',
        "1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000",
      );
      await rejects(
        lambda.send(new ListAliasesCommand({ FunctionName: 'listed', Marker: 'not-a-marker' })),
        400,
        'InvalidParameterValueException',
        'The marker provided is not valid.',
      );
    });
  });
});
