/**
 * IAM roles' and managed policies' history (AWS::IAM::Role keyed by role id, AWS::IAM::Policy by policy id,
 * both in region `global`), a tenant seeing only its own account's items, every Config call authorized by
 * IAM, AWS's errors for bad requests, and the one always-on recorder.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import type { ConfigServiceClient, ConfigurationItem } from '@aws-sdk/client-config-service';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { failure, rejects } from '../../helpers/aws-errors.js';
import { requestAccount } from '../../../src/cli/accounts-command.js';
import { configClient, eventIdOf, recordChange } from './config-helpers.js';

const ROLE = 'Auditors';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const DOC_V1 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] });
const DOC_V2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] });

const conf = (item: ConfigurationItem | undefined): Record<string, unknown> => JSON.parse(item?.configuration ?? 'null') as Record<string, unknown>;

describe('Config history of IAM roles and policies', () => {
  let fx: LambdaboxFixture;
  let iam: IAMClient;
  let config: ConfigServiceClient;
  let roleId: string;
  let policyArn: string;
  let policyId: string;
  const ev: Record<string, string> = {};

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    config = configClient(fx);
    // Each call's items come from the server's audit pipeline; `ev` holds the event id of each call.
    const step = async <T extends { $metadata: { requestId?: string } }>(name: string, sent: Promise<T>): Promise<T> => {
      const out = await sent;
      ev[name] = await eventIdOf(fx, out.$metadata.requestId);
      return out;
    };
    roleId = (await step('create-role', iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: TRUST })))).Role?.RoleId ?? '';
    const created = await step('create-policy', iam.send(new CreatePolicyCommand({ PolicyName: 'LogsWriter', PolicyDocument: DOC_V1 })));
    policyArn = created.Policy?.Arn ?? '';
    policyId = created.Policy?.PolicyId ?? '';
    await step('attach', iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: policyArn })));
    await step('inline', iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'inline', PolicyDocument: DOC_V2 })));
    await step('tag', iam.send(new TagRoleCommand({ RoleName: ROLE, Tags: [{ Key: 'owner', Value: 'secops' }] })));
    await step('version', iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: DOC_V2, SetAsDefault: true })));
    await step('detach', iam.send(new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: policyArn })));
    await step('delete-inline', iam.send(new DeleteRolePolicyCommand({ RoleName: ROLE, PolicyName: 'inline' })));
    await step('delete', iam.send(new DeleteRoleCommand({ RoleName: ROLE })));
  });

  after(async () => {
    iam.destroy();
    config.destroy();
    await fx.close();
  });

  test('a role is keyed by its role id, with its trust policy URL-encoded, its policies and its tags', async () => {
    const cli = await awsCli(
      ['configservice', 'get-resource-config-history', '--resource-type', 'AWS::IAM::Role', '--resource-id', roleId, '--chronological-order', 'Forward'],
      { endpoint: fx.url, ...fx.credentials },
    );
    assert.equal(cli.code, 0, cli.stderr);
    const items = cli.json<{ configurationItems: ConfigurationItem[] }>().configurationItems;
    const calls = ['create-role', 'attach', 'inline', 'tag', 'detach', 'delete-inline', 'delete'];
    assert.deepEqual(items.map((i) => i.relatedEvents?.[0]), calls.map((c) => ev[c]));
    assert.deepEqual(items.map((i) => i.configurationItemStatus), ['ResourceDiscovered', 'OK', 'OK', 'OK', 'OK', 'OK', 'ResourceDeleted']);
    for (const i of items) {
      assert.equal(i.resourceId, roleId);
      assert.equal(i.resourceName, ROLE);
      assert.equal(i.awsRegion, 'global');
      assert.equal(i.arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${ROLE}`);
    }
    const [created, attached, inline, tagged] = items;
    assert.equal(conf(created)['assumeRolePolicyDocument'], encodeURIComponent(TRUST));
    assert.equal(conf(created)['roleId'], roleId);
    assert.deepEqual(conf(attached)['attachedManagedPolicies'], [{ policyName: 'LogsWriter', policyArn }]);
    assert.deepEqual(attached?.relationships, [
      { resourceType: 'AWS::IAM::Policy', resourceId: policyId, resourceName: 'LogsWriter', relationshipName: 'Is attached to CustomerManagedPolicy' },
    ]);
    assert.deepEqual(conf(inline)['rolePolicyList'], [{ policyName: 'inline', policyDocument: encodeURIComponent(DOC_V2) }]);
    assert.deepEqual(tagged?.tags, { owner: 'secops' });
    assert.deepEqual(conf(tagged)['tags'], [{ key: 'owner', value: 'secops' }]);
  });

  test('a managed policy is keyed by its policy id, with every version and its attachment count', async () => {
    const out = await config.send(new GetResourceConfigHistoryCommand({ resourceType: 'AWS::IAM::Policy', resourceId: policyId }));
    const items = out.configurationItems ?? [];
    assert.deepEqual(items.map((i) => i.relatedEvents?.[0]), ['detach', 'version', 'attach', 'create-policy'].map((c) => ev[c]));
    assert.equal(conf(items[0])['attachmentCount'], 0);
    const newest = conf(items[1]);
    assert.equal(newest['defaultVersionId'], 'v2');
    assert.equal(newest['attachmentCount'], 1);
    const versions = newest['policyVersionList'] as Array<Record<string, unknown>>;
    assert.deepEqual(versions.map((v) => [v['versionId'], v['isDefaultVersion'], v['document']]), [
      ['v2', true, encodeURIComponent(DOC_V2)],
      ['v1', false, encodeURIComponent(DOC_V1)],
    ]);
    assert.equal(conf(items[3])['attachmentCount'], 0);
  });

  test('list-discovered-resources: the deleted role only with includeDeletedResources, by name or id', async () => {
    const live = await config.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::Role' }));
    assert.deepEqual(live.resourceIdentifiers, []);
    const all = await config.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::Role', includeDeletedResources: true, resourceName: ROLE }));
    assert.equal(all.resourceIdentifiers?.length, 1);
    assert.equal(all.resourceIdentifiers?.[0]?.resourceId, roleId);
    assert.ok(all.resourceIdentifiers?.[0]?.resourceDeletionTime instanceof Date);
    const policies = await config.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::Policy', resourceIds: [policyId] }));
    assert.deepEqual(policies.resourceIdentifiers?.map((r) => [r.resourceId, r.resourceName]), [[policyId, 'LogsWriter']]);
  });

  test('another account sees none of these items, and its own changes stay its own', async () => {
    const account = await requestAccount(fx.url, TEST_REGION, fx.credentials);
    const other = configClient(fx, { accessKeyId: account.AccessKeyId, secretAccessKey: account.SecretAccessKey });
    try {
      await rejects(
        other.send(new GetResourceConfigHistoryCommand({ resourceType: 'AWS::IAM::Role', resourceId: roleId })),
        400,
        'ResourceNotDiscoveredException',
        `Resource ${roleId} of resourceType:AWS::IAM::Role is unknown or has not been discovered`,
      );
      const listed = await other.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::Policy', includeDeletedResources: true }));
      assert.deepEqual(listed.resourceIdentifiers, []);
      // A change reported for the other account never reads this account's policy.
      await recordChange(fx, 'AWS::IAM::Policy', policyArn, { accountId: account.AccountId });
      assert.deepEqual((await other.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::Policy' }))).resourceIdentifiers, []);
    } finally {
      other.destroy();
    }
  });

  test('every call is authorized: a user without config permissions is denied, one granted them is served', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'viewer' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'viewer' }));
    const viewer = configClient(fx, { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' });
    try {
      const denied = await failure(viewer.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::Role' })));
      assert.equal(denied.status, 403);
      assert.equal(denied.name, 'AccessDeniedException');
      assert.match(denied.message, /is not authorized to perform: config:ListDiscoveredResources on resource: \*/);
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'viewer',
          PolicyName: 'config-read',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'config:ListDiscoveredResources', Resource: '*' }] }),
        }),
      );
      fx.box.policySource.invalidate();
      const served = await viewer.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::Policy' }));
      assert.equal(served.resourceIdentifiers?.length, 1);
      const still = await failure(viewer.send(new GetResourceConfigHistoryCommand({ resourceType: 'AWS::IAM::Policy', resourceId: policyId })));
      assert.equal(still.name, 'AccessDeniedException');
    } finally {
      viewer.destroy();
    }
  });

  test('bad requests get AWS Config errors', async () => {
    await rejects(
      config.send(new GetResourceConfigHistoryCommand({ resourceType: 'AWS::IAM::Policy', resourceId: policyId, limit: 101 })),
      400,
      'InvalidLimitException',
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    await rejects(
      config.send(new GetResourceConfigHistoryCommand({ resourceType: 'AWS::IAM::Policy', resourceId: policyId, nextToken: 'bogus' })),
      400,
      'InvalidNextTokenException',
      'The nextToken provided is invalid',
    );
    // A token of one resource's history does not continue another's.
    const page = await config.send(new GetResourceConfigHistoryCommand({ resourceType: 'AWS::IAM::Policy', resourceId: policyId, limit: 1 }));
    assert.ok(page.nextToken !== undefined);
    await rejects(
      config.send(new GetResourceConfigHistoryCommand({ resourceType: 'AWS::IAM::Role', resourceId: roleId, nextToken: page.nextToken })),
      400,
      'InvalidNextTokenException',
      'The nextToken provided is invalid',
    );
    await rejects(
      config.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::Role', resourceIds: [roleId], resourceName: ROLE })),
      400,
      'ValidationException',
      'You cannot specify both resource IDs and a resource name.',
    );
  });

  test('one recorder, default, always recording; another name is NoSuchConfigurationRecorderException', async () => {
    const cli = await awsCli(['configservice', 'describe-configuration-recorders'], { endpoint: fx.url, ...fx.credentials });
    assert.equal(cli.code, 0, cli.stderr);
    const [recorder] = cli.json<{ ConfigurationRecorders: Array<{ name: string; recordingGroup: { resourceTypes: string[] } }> }>().ConfigurationRecorders;
    assert.equal(recorder?.name, 'default');
    assert.deepEqual(recorder?.recordingGroup.resourceTypes, ['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::IAM::Policy']);
    const status = await config.send(new DescribeConfigurationRecorderStatusCommand({}));
    assert.equal(status.ConfigurationRecordersStatus?.[0]?.recording, true);
    assert.equal(status.ConfigurationRecordersStatus?.[0]?.lastStatus, 'SUCCESS');
    await rejects(
      config.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ['mine'] })),
      400,
      'NoSuchConfigurationRecorderException',
      "Cannot find configuration recorder with the specified name 'mine'.",
    );
  });
});
