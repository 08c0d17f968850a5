/** A Config client against a test server, and the recorder call the front door's audit pipeline makes. */
import { randomUUID } from 'node:crypto';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { ConfigResourceType } from '../../../src/services/config/configuration-item.js';

export function configClient(fx: LambdaboxFixture, credentials = fx.credentials): ConfigServiceClient {
  return new ConfigServiceClient({ endpoint: fx.url, region: TEST_REGION, credentials, maxAttempts: 1 });
}

/**
 * What the audit pipeline does after a successful mutating call: records the resource it changed, with the
 * call's CloudTrail event id (made up here). Returns the event id.
 */
export async function recordChange(
  fx: LambdaboxFixture,
  resourceType: ConfigResourceType,
  resourceName: string,
  options: { accountId?: string; eventId?: string } = {},
): Promise<string> {
  const eventId = options.eventId ?? randomUUID();
  await fx.box.configRecorder.record({
    accountId: options.accountId ?? TEST_ACCOUNT_ID,
    region: TEST_REGION,
    resourceType,
    resourceName,
    eventId,
    time: new Date(),
  });
  return eventId;
}

/** Capture times of consecutive changes are milliseconds apart; a pause keeps them apart for time-range tests. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
