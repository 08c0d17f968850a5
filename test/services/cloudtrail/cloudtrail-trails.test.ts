/**
 * Trails through the real CloudTrail SDK client: create, get, describe, update, delete, logging and status,
 * tags, and the validation errors AWS answers for names, buckets and missing trails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddTagsCommand,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListPublicKeysCommand,
  ListTagsCommand,
  ListTrailsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure, rejects } from '../../helpers/aws-errors.js';
import { cloudTrailClient } from './cloudtrail-helpers.js';

const arnOf = (name: string): string => `arn:aws:cloudtrail:${TEST_REGION}:${TEST_ACCOUNT_ID}:trail/${name}`;

describe('CloudTrail trails', () => {
  let fx: LambdaboxFixture;
  let ct: CloudTrailClient;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    ct = cloudTrailClient(fx);
  });

  after(async () => {
    ct.destroy();
    await fx.close();
  });

  test('CreateTrail answers the settings; GetTrail and DescribeTrails show them with the home region', async () => {
    const created = await ct.send(
      new CreateTrailCommand({ Name: 'main', S3BucketName: 'trail-bucket', S3KeyPrefix: 'logs', EnableLogFileValidation: true, IsMultiRegionTrail: true }),
    );
    assert.equal(created.Name, 'main');
    assert.equal(created.TrailARN, arnOf('main'));
    assert.equal(created.S3BucketName, 'trail-bucket');
    assert.equal(created.S3KeyPrefix, 'logs');
    assert.equal(created.LogFileValidationEnabled, true);
    assert.equal(created.IsMultiRegionTrail, true);
    assert.equal(created.IncludeGlobalServiceEvents, true);
    const { Trail } = await ct.send(new GetTrailCommand({ Name: 'main' }));
    assert.equal(Trail?.HomeRegion, TEST_REGION);
    assert.equal(Trail?.HasCustomEventSelectors, false);
    assert.equal(Trail?.IsOrganizationTrail, false);
    assert.deepEqual((await ct.send(new GetTrailCommand({ Name: arnOf('main') }))).Trail, Trail);
    await ct.send(new CreateTrailCommand({ Name: 'second', S3BucketName: 'trail-bucket' }));
    const all = await ct.send(new DescribeTrailsCommand({}));
    assert.deepEqual(all.trailList?.map((t) => t.Name), ['main', 'second']);
    const named = await ct.send(new DescribeTrailsCommand({ trailNameList: ['second', arnOf('missing')], includeShadowTrails: true }));
    assert.deepEqual(named.trailList?.map((t) => t.TrailARN), [arnOf('second')]);
    const listed = await ct.send(new ListTrailsCommand({}));
    assert.deepEqual(listed.Trails?.map((t) => [t.Name, t.HomeRegion]), [['main', TEST_REGION], ['second', TEST_REGION]]);
  });

  test('a second CreateTrail of the same name is TrailAlreadyExistsException', async () => {
    await ct.send(new CreateTrailCommand({ Name: 'dup', S3BucketName: 'trail-bucket' }));
    await rejects(
      ct.send(new CreateTrailCommand({ Name: 'dup', S3BucketName: 'trail-bucket' })),
      400,
      'TrailAlreadyExistsException',
      `Trail dup already exists for customer: ${TEST_ACCOUNT_ID}`,
    );
    await ct.send(new DeleteTrailCommand({ Name: 'dup' }));
  });

  test('trail names are held to AWS rules, with AWS messages', async () => {
    const cases: Array<[string, string]> = [
      ['ab', 'Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.'],
      ['a'.repeat(129), 'Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129 characters.'],
      ['my#trail', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).'],
      ['-trail', 'Trail name must starts with a letter or number.'],
      ['trail-', 'Trail name must ends with a letter or number.'],
    ];
    for (const [name, message] of cases) {
      await rejects(ct.send(new CreateTrailCommand({ Name: name, S3BucketName: 'trail-bucket' })), 400, 'InvalidTrailNameException', message);
    }
    for (const name of ['my--trail', 'my._trail', '192.168.5.4']) {
      assert.equal((await failure(ct.send(new CreateTrailCommand({ Name: name, S3BucketName: 'trail-bucket' })))).name, 'InvalidTrailNameException', name);
    }
    await rejects(ct.send(new GetTrailCommand({ Name: '' })), 400, 'InvalidTrailNameException', 'Trail name cannot be blank!');
    assert.equal((await failure(ct.send(new GetTrailCommand({ Name: 'arn:aws:cloudtrail:nope' })))).name, 'CloudTrailARNInvalidException');
  });

  test('bucket names are S3 bucket names (they name a directory): no `..`, no `/`, no upper case', async () => {
    for (const bucket of ['a..b', 'a/b', '../up', 'UPPER', 'ab', '192.168.1.1']) {
      const err = await failure(ct.send(new CreateTrailCommand({ Name: 'bucket-check', S3BucketName: bucket })));
      assert.equal(err.name, 'InvalidS3BucketNameException', bucket);
    }
    const prefix = await failure(ct.send(new CreateTrailCommand({ Name: 'bucket-check', S3BucketName: 'fine-bucket', S3KeyPrefix: 'a/../../b' })));
    assert.equal(prefix.name, 'InvalidS3PrefixException');
    const kms = await failure(ct.send(new CreateTrailCommand({ Name: 'bucket-check', S3BucketName: 'fine-bucket', KmsKeyId: 'alias/x' })));
    assert.equal(kms.name, 'UnsupportedOperationException');
    assert.equal((await ct.send(new DescribeTrailsCommand({ trailNameList: ['bucket-check'] }))).trailList?.length, 0);
  });

  test('a missing trail is TrailNotFoundException naming its ARN and the account', async () => {
    for (const command of [new GetTrailCommand({ Name: 'nope' }), new DeleteTrailCommand({ Name: 'nope' }), new StartLoggingCommand({ Name: 'nope' })]) {
      await rejects(ct.send(command as GetTrailCommand), 400, 'TrailNotFoundException', `Unknown trail: ${arnOf('nope')} for the user: ${TEST_ACCOUNT_ID}`);
    }
  });

  test('UpdateTrail changes only what it is given; an empty prefix clears it', async () => {
    await ct.send(new CreateTrailCommand({ Name: 'upd', S3BucketName: 'first-bucket', S3KeyPrefix: 'p' }));
    const updated = await ct.send(new UpdateTrailCommand({ Name: 'upd', S3BucketName: 'second-bucket', IncludeGlobalServiceEvents: false }));
    assert.equal(updated.S3BucketName, 'second-bucket');
    assert.equal(updated.S3KeyPrefix, 'p');
    assert.equal(updated.IncludeGlobalServiceEvents, false);
    const cleared = await ct.send(new UpdateTrailCommand({ Name: arnOf('upd'), S3KeyPrefix: '', SnsTopicName: 'topic-1' }));
    assert.equal(cleared.S3KeyPrefix, undefined);
    assert.equal(cleared.SnsTopicName, 'topic-1');
    assert.equal(cleared.SnsTopicARN, `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:topic-1`);
    assert.equal((await failure(ct.send(new UpdateTrailCommand({ Name: 'upd', S3BucketName: 'bad..bucket' })))).name, 'InvalidS3BucketNameException');
    await ct.send(new DeleteTrailCommand({ Name: 'upd' }));
    assert.equal((await failure(ct.send(new GetTrailCommand({ Name: 'upd' })))).name, 'TrailNotFoundException');
  });

  test('StartLogging / StopLogging show in GetTrailStatus; without delivery wired there are no delivery members', async () => {
    await ct.send(new CreateTrailCommand({ Name: 'logged', S3BucketName: 'trail-bucket' }));
    const fresh = await ct.send(new GetTrailStatusCommand({ Name: 'logged' }));
    assert.equal(fresh.IsLogging, false);
    assert.equal(fresh.StartLoggingTime, undefined);
    assert.equal(fresh.TimeLoggingStarted, '');
    const before = Date.now();
    await ct.send(new StartLoggingCommand({ Name: 'logged' }));
    const started = await ct.send(new GetTrailStatusCommand({ Name: arnOf('logged') }));
    assert.equal(started.IsLogging, true);
    assert.ok(started.StartLoggingTime instanceof Date && started.StartLoggingTime.getTime() >= before - 1000);
    assert.match(started.TimeLoggingStarted ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(started.LatestDeliveryTime, undefined);
    await ct.send(new StopLoggingCommand({ Name: 'logged' }));
    const stopped = await ct.send(new GetTrailStatusCommand({ Name: 'logged' }));
    assert.equal(stopped.IsLogging, false);
    assert.ok(stopped.StopLoggingTime instanceof Date);
    assert.deepEqual(stopped.StartLoggingTime, started.StartLoggingTime);
    assert.deepEqual((await ct.send(new ListPublicKeysCommand({}))).PublicKeyList, []);
    const range = await failure(ct.send(new ListPublicKeysCommand({ StartTime: new Date(2_000_000_000_000), EndTime: new Date(1_000_000_000_000) })));
    assert.equal(range.name, 'InvalidTimeRangeException');
  });

  test('AddTags, ListTags, RemoveTags on a trail ARN; CreateTrail takes TagsList', async () => {
    await ct.send(new CreateTrailCommand({ Name: 'tagged', S3BucketName: 'trail-bucket', TagsList: [{ Key: 'team', Value: 'a' }] }));
    await ct.send(new AddTagsCommand({ ResourceId: arnOf('tagged'), TagsList: [{ Key: 'env', Value: 'dev' }] }));
    const listed = await ct.send(new ListTagsCommand({ ResourceIdList: [arnOf('tagged')] }));
    assert.deepEqual(listed.ResourceTagList, [{ ResourceId: arnOf('tagged'), TagsList: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'dev' }] }]);
    await ct.send(new RemoveTagsCommand({ ResourceId: arnOf('tagged'), TagsList: [{ Key: 'team' }] }));
    const after = await ct.send(new ListTagsCommand({ ResourceIdList: [arnOf('tagged')] }));
    assert.deepEqual(after.ResourceTagList?.[0]?.TagsList, [{ Key: 'env', Value: 'dev' }]);
    assert.equal((await failure(ct.send(new ListTagsCommand({ ResourceIdList: [arnOf('untagged-missing')] })))).name, 'ResourceNotFoundException');
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    assert.equal((await failure(ct.send(new AddTagsCommand({ ResourceId: arnOf('tagged'), TagsList: tooMany })))).name, 'TagsLimitExceededException');
  });

  test('an unknown operation and a body that is no JSON object get awsJson errors', async () => {
    const rewritten = (target: string | undefined, body: string | undefined): CloudTrailClient => {
      const client = cloudTrailClient(fx);
      // Before signing (the build step), so the server sees a correctly signed request.
      client.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers: Record<string, string>; body?: unknown };
          if (target !== undefined) request.headers['x-amz-target'] = target;
          if (body !== undefined) {
            request.body = body;
            request.headers['content-length'] = String(Buffer.byteLength(body));
          }
          return next(args);
        },
        { step: 'build' },
      );
      return client;
    };
    const unknown = rewritten('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.Nope', undefined);
    const notObject = rewritten(undefined, '[1]');
    try {
      const u = await failure(unknown.send(new ListTrailsCommand({})));
      assert.deepEqual([u.status, u.name], [400, 'UnknownOperationException']);
      const n = await failure(notObject.send(new ListTrailsCommand({})));
      // The SDK knows no SerializationException shape of CloudTrail's, so it keeps the name but not the message.
      assert.deepEqual([n.status, n.name], [400, 'SerializationException']);
    } finally {
      unknown.destroy();
      notObject.destroy();
    }
  });
});
