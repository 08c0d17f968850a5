/** An SQS client (JSON protocol) against a test server, and a few waits the scenarios share. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_REGION } from '../../helpers/lambdabox-fixture.js';

export function sqsClient(fx: LambdaboxFixture, credentials = fx.credentials): SQSClient {
  return new SQSClient({ endpoint: fx.url, region: TEST_REGION, credentials, maxAttempts: 1 });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
