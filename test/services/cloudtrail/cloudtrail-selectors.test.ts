/**
 * PutEventSelectors / GetEventSelectors through the SDK: the default selectors, basic and advanced round
 * trips (one kind replaces the other), the validation errors, and the interest cache the invoke path reads
 * (DataEventInterest) following each change at once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTrailCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import type { AdvancedEventSelector, CloudTrailClient, EventSelector } from '@aws-sdk/client-cloudtrail';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { cloudTrailClient } from './cloudtrail-helpers.js';

const ARN = `arn:aws:cloudtrail:${TEST_REGION}:${TEST_ACCOUNT_ID}:trail/sel`;
const FN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:f1`;
const OTHER_FN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:f2`;

describe('CloudTrail event selectors', () => {
  let fx: LambdaboxFixture;
  let ct: CloudTrailClient;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    ct = cloudTrailClient(fx);
    await ct.send(new CreateTrailCommand({ Name: 'sel', S3BucketName: 'trail-bucket' }));
  });

  after(async () => {
    ct.destroy();
    await fx.close();
  });

  const wants = (fn: string): boolean => fx.box.cloudTrail.wantsInvokeEvents(TEST_ACCOUNT_ID, TEST_REGION, fn);

  test('a new trail reports the default: all management events, no data events', async () => {
    const got = await ct.send(new GetEventSelectorsCommand({ TrailName: 'sel' }));
    assert.equal(got.TrailARN, ARN);
    assert.deepEqual(got.EventSelectors, [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }]);
    assert.equal(got.AdvancedEventSelectors, undefined);
  });

  test('basic selectors round-trip; data interest follows logging and the selected function ARNs', async () => {
    const selectors: EventSelector[] = [
      { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::Lambda::Function', Values: [FN] }] },
    ];
    const put = await ct.send(new PutEventSelectorsCommand({ TrailName: 'sel', EventSelectors: selectors }));
    assert.deepEqual(put.EventSelectors, selectors);
    assert.deepEqual((await ct.send(new GetEventSelectorsCommand({ TrailName: ARN }))).EventSelectors, selectors);
    assert.equal((await ct.send(new GetTrailCommand({ Name: 'sel' }))).Trail?.HasCustomEventSelectors, true);
    assert.equal(wants(FN), false, 'not logging yet');
    await ct.send(new StartLoggingCommand({ Name: 'sel' }));
    assert.equal(wants(FN), true);
    assert.equal(wants(`${FN}:prod`), true, 'a qualified ARN of the selected function');
    assert.equal(wants(OTHER_FN), false);
    assert.equal(fx.box.cloudTrail.wantsInvokeEvents('999999999999', TEST_REGION, FN), false, 'another account');
    await ct.send(new PutEventSelectorsCommand({ TrailName: 'sel', EventSelectors: [{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }] }));
    assert.equal(wants(OTHER_FN), true, 'arn:aws:lambda selects every function');
    await ct.send(new PutEventSelectorsCommand({ TrailName: 'sel', EventSelectors: [{ ReadWriteType: 'ReadOnly', DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }] }));
    assert.equal(wants(FN), false, 'Invoke is a write event');
    await ct.send(new StopLoggingCommand({ Name: 'sel' }));
  });

  test('advanced selectors round-trip and replace the basic ones; interest reads them', async () => {
    const advanced: AdvancedEventSelector[] = [
      { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] },
      {
        Name: 'f1 invokes',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
          { Field: 'resources.ARN', StartsWith: [`arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:f`] },
          { Field: 'resources.ARN', NotEndsWith: ['f2'] },
          { Field: 'eventName', Equals: ['Invoke'] },
        ],
      },
    ];
    // The same field twice in one selector is refused; merge the conditions instead.
    assert.equal((await failure(ct.send(new PutEventSelectorsCommand({ TrailName: 'sel', AdvancedEventSelectors: advanced })))).name, 'InvalidEventSelectorsException');
    const merged: AdvancedEventSelector[] = [
      advanced[0] as AdvancedEventSelector,
      {
        Name: 'f1 invokes',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
          { Field: 'resources.ARN', StartsWith: [`arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:f`], NotEndsWith: ['f2'] },
          { Field: 'eventName', Equals: ['Invoke'] },
        ],
      },
    ];
    const put = await ct.send(new PutEventSelectorsCommand({ TrailName: 'sel', AdvancedEventSelectors: merged }));
    assert.deepEqual(put.AdvancedEventSelectors, merged);
    assert.equal(put.EventSelectors, undefined);
    const got = await ct.send(new GetEventSelectorsCommand({ TrailName: 'sel' }));
    assert.deepEqual(got.AdvancedEventSelectors, merged);
    assert.equal(got.EventSelectors, undefined);
    await ct.send(new StartLoggingCommand({ Name: 'sel' }));
    assert.equal(wants(FN), true);
    assert.equal(wants(OTHER_FN), false);
    await ct.send(new StopLoggingCommand({ Name: 'sel' }));
    assert.equal(wants(FN), false);
  });

  test('invalid selectors are InvalidEventSelectorsException; both kinds or neither is InvalidParameterCombinationException', async () => {
    const invalidBasic: EventSelector[][] = [
      [],
      Array.from({ length: 6 }, () => ({ ReadWriteType: 'All' as const })),
      [{ ReadWriteType: 'read-only' as 'All' }],
      [{ DataResources: [{ Type: 'AWS::Nope::Thing', Values: ['arn:aws:lambda'] }] }],
      [{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['not-an-arn'] }] }],
      [{ ExcludeManagementEventSources: ['s3.amazonaws.com'] }],
    ];
    for (const selectors of invalidBasic) {
      const err = await failure(ct.send(new PutEventSelectorsCommand({ TrailName: 'sel', EventSelectors: selectors })));
      assert.equal(err.name, 'InvalidEventSelectorsException', JSON.stringify(selectors));
    }
    const invalidAdvanced: AdvancedEventSelector[][] = [
      [{ FieldSelectors: [{ Field: 'readOnly', Equals: ['true'] }] }],
      [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }],
      [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }],
      [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', StartsWith: ['AWS::'] }] }],
      [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventName', Equals: ['x'] }] }],
      [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'userAgent', Equals: ['x'] }] }],
      [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['yes'] }] }],
    ];
    for (const selectors of invalidAdvanced) {
      const err = await failure(ct.send(new PutEventSelectorsCommand({ TrailName: 'sel', AdvancedEventSelectors: selectors })));
      assert.equal(err.name, 'InvalidEventSelectorsException', JSON.stringify(selectors));
    }
    const both = await failure(
      ct.send(new PutEventSelectorsCommand({ TrailName: 'sel', EventSelectors: [{}], AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] })),
    );
    assert.equal(both.name, 'InvalidParameterCombinationException');
    assert.equal((await failure(ct.send(new PutEventSelectorsCommand({ TrailName: 'sel' })))).name, 'InvalidParameterCombinationException');
    assert.equal((await failure(ct.send(new PutEventSelectorsCommand({ TrailName: 'missing', EventSelectors: [{}] })))).name, 'TrailNotFoundException');
  });
});
