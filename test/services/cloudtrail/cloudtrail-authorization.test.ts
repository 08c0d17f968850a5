/**
 * Every CloudTrail call is authorized by IAM: a user without cloudtrail permissions is denied with AWS's
 * message (SDK and CLI), before a missing trail could be told apart; a policy on one trail's ARN grants that
 * trail only; LookupEvents and DescribeTrails are granted on `*`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateTrailCommand, DescribeTrailsCommand, GetTrailCommand, GetTrailStatusCommand, LookupEventsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { cloudTrailClient } from './cloudtrail-helpers.js';

const TRAIL_ARN = `arn:aws:cloudtrail:${TEST_REGION}:${TEST_ACCOUNT_ID}:trail/guarded`;

describe('CloudTrail authorization', () => {
  let fx: LambdaboxFixture;
  let iam: IAMClient;
  let nobody: { accessKeyId: string; secretAccessKey: string };
  let reader: { accessKeyId: string; secretAccessKey: string };

  const userWithKey = async (name: string, policy?: object): Promise<{ accessKeyId: string; secretAccessKey: string }> => {
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (policy !== undefined) {
      await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    }
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
  };

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    const admin = cloudTrailClient(fx);
    await admin.send(new CreateTrailCommand({ Name: 'guarded', S3BucketName: 'trail-bucket' }));
    await admin.send(new CreateTrailCommand({ Name: 'elsewhere', S3BucketName: 'trail-bucket' }));
    admin.destroy();
    nobody = await userWithKey('nobody');
    reader = await userWithKey('reader', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['cloudtrail:GetTrail', 'cloudtrail:GetTrailStatus'], Resource: TRAIL_ARN },
        { Effect: 'Allow', Action: ['cloudtrail:LookupEvents', 'cloudtrail:DescribeTrails'], Resource: '*' },
      ],
    });
  });

  after(async () => {
    iam.destroy();
    await fx.close();
  });

  test('a user without cloudtrail permissions is denied, with AWS message, for existing and missing trails alike', async () => {
    const ct = cloudTrailClient(fx, nobody);
    try {
      const denied = await failure(ct.send(new GetTrailCommand({ Name: 'guarded' })));
      assert.equal(denied.status, 403);
      assert.equal(denied.name, 'AccessDeniedException');
      assert.equal(
        denied.message,
        `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/nobody is not authorized to perform: cloudtrail:GetTrail on resource: ${TRAIL_ARN} because no identity-based policy allows the cloudtrail:GetTrail action`,
      );
      const missing = await failure(ct.send(new GetTrailCommand({ Name: 'missing' })));
      assert.equal(missing.name, 'AccessDeniedException');
      const lookup = await failure(ct.send(new LookupEventsCommand({})));
      assert.match(lookup.message, /cloudtrail:LookupEvents on resource: \*/);
      const create = await failure(ct.send(new CreateTrailCommand({ Name: 'mine', S3BucketName: 'trail-bucket' })));
      assert.equal(create.name, 'AccessDeniedException');
    } finally {
      ct.destroy();
    }
    const cli = await awsCli(['cloudtrail', 'describe-trails'], { endpoint: fx.url, ...nobody });
    assert.equal(cli.code, 254);
    assert.match(cli.stderr, /\(AccessDeniedException\) when calling the DescribeTrails operation: User: arn:aws:iam::000000000000:user\/nobody is not authorized to perform: cloudtrail:DescribeTrails/);
  });

  test('a policy on one trail ARN grants that trail only; `*` grants LookupEvents and DescribeTrails', async () => {
    const ct = cloudTrailClient(fx, reader);
    try {
      assert.equal((await ct.send(new GetTrailCommand({ Name: 'guarded' }))).Trail?.TrailARN, TRAIL_ARN);
      assert.equal((await ct.send(new GetTrailStatusCommand({ Name: 'guarded' }))).IsLogging, false);
      assert.equal((await failure(ct.send(new GetTrailCommand({ Name: 'elsewhere' })))).name, 'AccessDeniedException');
      assert.equal((await failure(ct.send(new StartLoggingCommand({ Name: 'guarded' })))).name, 'AccessDeniedException');
      // Allowed: it finds the calls this test made, the reader's denied StartLogging among them.
      const events = (await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'reader' }] }))).Events ?? [];
      assert.ok(events.some((e) => e.EventName === 'StartLogging' && JSON.parse(e.CloudTrailEvent ?? '{}').errorCode === 'AccessDeniedException'));
      assert.equal((await ct.send(new DescribeTrailsCommand({}))).trailList?.length, 2);
    } finally {
      ct.destroy();
    }
  });
});
