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
 * A change reported straight to the recorder, as the audit pipeline reports one, with a made-up event id
 * (for cases no API call makes, e.g. another account naming this one's resource). Returns the event id.
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

/**
 * The CloudTrail event id the server recorded for the call with this request id (the id the audit pipeline
 * relates the call's configuration items to).
 */
export async function eventIdOf(fx: LambdaboxFixture, requestId: string | undefined): Promise<string> {
  await fx.box.trailRecorder.flush();
  const store = fx.box.cloudTrail.deps.store;
  for (let after = 0; ; ) {
    const page = await store.transact((tx) => tx.eventsAfter(after, 500));
    const found = page.find((e) => (JSON.parse(e.record) as { requestID?: string }).requestID === requestId);
    if (found !== undefined) return found.eventId;
    const last = page[page.length - 1];
    if (last === undefined) throw new Error(`no event for request ${String(requestId)}`);
    after = last.seq;
  }
}

/** Capture times of consecutive changes are milliseconds apart; a pause keeps them apart for time-range tests. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
