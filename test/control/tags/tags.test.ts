import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  ListTagsCommand,
  PublishVersionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { TEST_ACCOUNT_ID, TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { FN_ARN, functionInput, startControl, type ControlFixture } from '../../helpers/control-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';

const RESOURCE_PATTERN =
  'arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)';
const TAG_PATTERN = '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)';
const QUALIFIED = 'Tags on function aliases and versions are not supported. Please specify a function ARN.';
const TOO_MANY = 'Number of tags exceeds resource tag limit.';

function manyTags(count: number, prefix = ''): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}_key`, `${i}_value`]));
}

describe('Lambda tags through the SDK', () => {
  let fixture: LambdaboxFixture;
  let lambda: LambdaClient;
  let control: ControlFixture;

  async function createFunction(name: string, tags?: Record<string, string>): Promise<string> {
    const created = await control.createFunction(name, tags === undefined ? {} : { Tags: tags });
    assert.equal(created.FunctionArn, `${FN_ARN}:${name}`);
    return `${FN_ARN}:${name}`;
  }

  async function tagsOf(arn: string): Promise<Record<string, string> | undefined> {
    return (await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags;
  }

  before(async () => {
    control = await startControl();
    ({ fixture, lambda } = control);
  });

  after(async () => {
    await fixture.close();
  });

  test('tag, overwrite, untag: ListTags and GetFunction follow, and $LATEST gets a new RevisionId each time', async () => {
    const arn = await createFunction('tagged', { key_a: 'value_a' });
    assert.deepEqual(await tagsOf(arn), { key_a: 'value_a' });
    const revisions = [(await lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }))).Configuration?.RevisionId];

    const tagged = await lambda.send(
      new TagResourceCommand({ Resource: arn, Tags: { key_b: 'value_b', key_c: 'value_c', key_d: 'value_d', key_e: '' } }),
    );
    assert.equal(tagged.$metadata.httpStatusCode, 204);
    assert.deepEqual(await tagsOf(arn), { key_a: 'value_a', key_b: 'value_b', key_c: 'value_c', key_d: 'value_d', key_e: '' });
    let got = await lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }));
    assert.deepEqual(got.Tags, { key_a: 'value_a', key_b: 'value_b', key_c: 'value_c', key_d: 'value_d', key_e: '' });
    revisions.push(got.Configuration?.RevisionId);

    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { key_b: 'value_b', key_c: 'value_x' } }));
    assert.deepEqual(await tagsOf(arn), { key_a: 'value_a', key_b: 'value_b', key_c: 'value_x', key_d: 'value_d', key_e: '' });
    revisions.push((await lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }))).Configuration?.RevisionId);

    // A key the function does not have is ignored.
    const untagged = await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['key_c', 'key_d', 'nope'] }));
    assert.equal(untagged.$metadata.httpStatusCode, 204);
    assert.deepEqual(await tagsOf(arn), { key_a: 'value_a', key_b: 'value_b', key_e: '' });
    revisions.push((await lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }))).Configuration?.RevisionId);

    await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['key_a', 'key_b', 'key_e'] }));
    assert.deepEqual(await tagsOf(arn), {});
    got = await lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }));
    assert.equal(got.Tags, undefined);
    revisions.push(got.Configuration?.RevisionId);

    assert.equal(new Set(revisions).size, revisions.length, `every tag change is a new revision: ${revisions.join(', ')}`);
    assert.ok(revisions.every((r) => typeof r === 'string'));
  });

  test('a function without tags lists {}', async () => {
    const arn = await createFunction('untagged');
    assert.deepEqual(await tagsOf(arn), {});
  });

  test('a missing function is 404 for all three operations', async () => {
    const arn = `${FN_ARN}:doesnotexist`;
    const message = `Function not found: ${arn}`;
    await rejects(lambda.send(new TagResourceCommand({ Resource: arn, Tags: { a: 'b' } })), 404, 'ResourceNotFoundException', message);
    await rejects(lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['a'] })), 404, 'ResourceNotFoundException', message);
    await rejects(lambda.send(new ListTagsCommand({ Resource: arn })), 404, 'ResourceNotFoundException', message);
  });

  test('versions, $LATEST and aliases cannot be tagged', async () => {
    const arn = await createFunction('versioned');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    await fixture.settled();
    for (const qualified of [`${arn}:1`, `${arn}:$LATEST`, `${arn}:live`]) {
      await rejects(lambda.send(new TagResourceCommand({ Resource: qualified, Tags: { a: 'b' } })), 400, 'InvalidParameterValueException', QUALIFIED);
      await rejects(lambda.send(new UntagResourceCommand({ Resource: qualified, TagKeys: ['a'] })), 400, 'InvalidParameterValueException', QUALIFIED);
      await rejects(lambda.send(new ListTagsCommand({ Resource: qualified })), 400, 'InvalidParameterValueException', QUALIFIED);
    }
    assert.deepEqual(await tagsOf(arn), {});
  });

  test('ARNs of another region, another account, or no taggable kind', async () => {
    await createFunction('located');
    await rejects(
      lambda.send(new ListTagsCommand({ Resource: `arn:aws:lambda:eu-west-1:${TEST_ACCOUNT_ID}:function:located` })),
      404,
      'ResourceNotFoundException',
      "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    );
    await assert.rejects(
      lambda.send(new TagResourceCommand({ Resource: `arn:aws:lambda:${TEST_REGION}:111122223333:function:located`, Tags: { a: 'b' } })),
      (err: { name: string; $metadata: { httpStatusCode?: number } }) => {
        assert.equal(err.$metadata.httpStatusCode, 403);
        assert.equal(err.name, 'AccessDeniedException');
        return true;
      },
    );
    const foobar = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:foobar:located`;
    await rejects(
      lambda.send(new ListTagsCommand({ Resource: foobar })),
      400,
      'ValidationException',
      `1 validation error detected: Value '${foobar}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: ${RESOURCE_PATTERN}`,
    );
    const esm = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:event-source-mapping:a1b2c3d4-0000-4000-8000-123456789abc`;
    await rejects(lambda.send(new ListTagsCommand({ Resource: esm })), 404, 'ResourceNotFoundException', `Event source mapping not found: ${esm}`);
  });

  test('50 tags per function: counted on the request and on the merged result', async () => {
    const arn = await createFunction('crowded');
    await rejects(lambda.send(new TagResourceCommand({ Resource: arn, Tags: manyTags(51) })), 400, 'InvalidParameterValueException', TOO_MANY);
    assert.deepEqual(await tagsOf(arn), {});

    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: manyTags(50) }));
    assert.equal(Object.keys((await tagsOf(arn)) ?? {}).length, 50);
    // Overwriting existing keys keeps the count at 50 and is fine; one more key is not.
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { '0_key': 'changed' } }));
    await rejects(lambda.send(new TagResourceCommand({ Resource: arn, Tags: { extra: 'x' } })), 400, 'InvalidParameterValueException', TOO_MANY);
    const tags = (await tagsOf(arn)) ?? {};
    assert.equal(Object.keys(tags).length, 50);
    assert.equal(tags['0_key'], 'changed');
    assert.equal(tags['extra'], undefined);
  });

  test('tag keys and values are validated as AWS does', async () => {
    const arn = await createFunction('strict');
    const keyRules = `Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${TAG_PATTERN}`;
    const longKey = 'k'.repeat(129);
    await rejects(
      lambda.send(new TagResourceCommand({ Resource: arn, Tags: { [longKey]: 'v' } })),
      400,
      'ValidationException',
      `1 validation error detected: Value '{${longKey}=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [${keyRules}]`,
    );
    const longValue = 'v'.repeat(257);
    await rejects(
      lambda.send(new TagResourceCommand({ Resource: arn, Tags: { k: longValue } })),
      400,
      'ValidationException',
      `1 validation error detected: Value '{k=${longValue}}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: ${TAG_PATTERN}, Member must not be null]`,
    );
    await rejects(
      lambda.send(new TagResourceCommand({ Resource: arn, Tags: { 'aws:owner': 'me' } })),
      400,
      'InvalidParameterValueException',
      "Tag keys starting with 'aws:' are reserved for internal use: aws:owner",
    );
    await rejects(
      lambda.send(new TagResourceCommand({ Resource: arn, Tags: {} })),
      400,
      'InvalidParameterValueException',
      'An error occurred and the request cannot be processed.',
    );
    await rejects(
      lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: [] })),
      400,
      'ValidationException',
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
    // The longest key and value are accepted, with characters the pattern allows.
    const maxKey = `${'k'.repeat(120)}_.:/=+-@`;
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { [maxKey]: 'é'.repeat(256) } }));
    assert.deepEqual(await tagsOf(arn), { [maxKey]: 'é'.repeat(256) });
  });

  test('the Debian AWS CLI tags, lists and untags', async () => {
    const arn = await createFunction('cli-tagged');
    const { cli } = control;
    const tagged = await cli(['tag-resource', '--resource', arn, '--tags', 'team=core,env=dev']);
    assert.equal(tagged.code, 0, tagged.stderr);
    const listed = await cli(['list-tags', '--resource', arn]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(listed.json(), { Tags: { team: 'core', env: 'dev' } });
    const untagged = await cli(['untag-resource', '--resource', arn, '--tag-keys', 'env']);
    assert.equal(untagged.code, 0, untagged.stderr);
    assert.deepEqual(await tagsOf(arn), { team: 'core' });
    const qualified = await cli(['list-tags', '--resource', `${arn}:$LATEST`]);
    assert.equal(qualified.code, 254);
    assert.match(qualified.stderr, /An error occurred \(InvalidParameterValueException\) when calling the ListTags operation: Tags on function aliases and versions are not supported\. Please specify a function ARN\./);
  });
});

describe('the lambdabox:sandbox tag only raises isolation above the server default (issue 10.5)', () => {
  let fixture: LambdaboxFixture;
  let lambda: LambdaClient;
  const DOWNGRADE =
    "Invalid lambdabox:sandbox tag value 'bwrap': this server runs functions in gvisor at least, " +
    "and a tag may only raise isolation above the server's default (bwrap < gvisor).";

  before(async () => {
    // The control plane alone decides this: no sandbox needs to start.
    ({ fixture, lambda } = await startControl({ overrides: { sandbox: false, sandboxBackend: 'gvisor' } }));
  });
  after(async () => {
    await fixture.close();
  });

  const create = (name: string, tags: Record<string, string>) =>
    lambda.send(
      new CreateFunctionCommand(functionInput(name, { Tags: tags })),
    );

  test('a downgrade to bwrap is refused at CreateFunction and TagResource; the default or above is accepted', async () => {
    await rejects(create('downgraded', { 'lambdabox:sandbox': 'bwrap' }), 400, 'InvalidParameterValueException', DOWNGRADE);
    await rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'downgraded' })), 404, 'ResourceNotFoundException', `Function not found: ${FN_ARN}:downgraded`);
    const made = await create('raised', { 'lambdabox:sandbox': 'gvisor' });
    const plain = await create('plain', { team: 'a' });
    await fixture.settled();
    for (const arn of [made.FunctionArn ?? '', plain.FunctionArn ?? '']) {
      await rejects(lambda.send(new TagResourceCommand({ Resource: arn, Tags: { 'lambdabox:sandbox': 'bwrap' } })), 400, 'InvalidParameterValueException', DOWNGRADE);
    }
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: made.FunctionArn }))).Tags, { 'lambdabox:sandbox': 'gvisor' });
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: plain.FunctionArn }))).Tags, { team: 'a' }, 'a refused TagResource changes nothing');
    await lambda.send(new TagResourceCommand({ Resource: plain.FunctionArn, Tags: { 'lambdabox:sandbox': 'gvisor' } }));
    await lambda.send(new UntagResourceCommand({ Resource: made.FunctionArn, TagKeys: ['lambdabox:sandbox'] }));
  });
});
