/** A CloudWatch client (JSON 1.0, awsQueryCompatible) against a test server, and a movable server clock. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_REGION } from '../../helpers/lambdabox-fixture.js';

export function cloudWatchClient(fx: LambdaboxFixture, credentials = fx.credentials): CloudWatchClient {
  return new CloudWatchClient({ endpoint: fx.url, region: TEST_REGION, credentials, maxAttempts: 1 });
}

/**
 * The server's clock: real time plus an offset the test moves, so SigV4 (checked against real time with
 * 15 minutes' skew) keeps working while alarms see whole periods pass.
 */
export class TestClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/**
 * A 10-minute boundary about an hour ago: far enough in the past that every period of a test has ended, and
 * aligned so 5-minute periods (aligned to the clock, as CloudWatch's are) start there too.
 */
export function pastMinute(minutesAgo = 60): number {
  return Math.floor((Date.now() - minutesAgo * 60_000) / 600_000) * 600_000;
}
