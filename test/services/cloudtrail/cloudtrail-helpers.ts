/** CloudTrail SDK clients against a test server, and events written straight into its event store. */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { NewTrailEvent } from '../../../src/services/cloudtrail/store/trail-event-records.js';

export function cloudTrailClient(fx: LambdaboxFixture, credentials = fx.credentials): CloudTrailClient {
  return new CloudTrailClient({ endpoint: fx.url, region: TEST_REGION, credentials, maxAttempts: 1 });
}

/** A management event as the front-door recorder would store it. */
export function trailEvent(accountId: string, eventId: string, eventTime: number, overrides: Partial<NewTrailEvent> = {}): NewTrailEvent {
  const eventName = overrides.eventName ?? 'CreateFunction20150331';
  return {
    accountId,
    region: TEST_REGION,
    eventId,
    eventTime,
    eventSource: 'lambda.amazonaws.com',
    eventName,
    readOnly: false,
    management: true,
    username: 'alice',
    accessKeyId: 'AKIAALICE0000000001',
    resources: [{ type: 'AWS::Lambda::Function', name: `arn:aws:lambda:${TEST_REGION}:${accountId}:function:f1` }],
    record: JSON.stringify({ eventVersion: '1.08', eventID: eventId, eventName, recipientAccountId: accountId }),
    ...overrides,
  };
}

export async function insertEvents(fx: LambdaboxFixture, events: readonly NewTrailEvent[]): Promise<void> {
  await fx.box.cloudTrail.deps.store.transact((tx) => tx.insertTrailEvents(events));
}
