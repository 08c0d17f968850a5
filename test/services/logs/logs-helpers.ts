/** CloudWatch Logs SDK clients against a test server, and a clock tests move by hand. */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { Clock } from '../../../src/shared/clock.js';

export function logsClient(fx: LambdaboxFixture, credentials = fx.credentials): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ endpoint: fx.url, region: TEST_REGION, credentials, maxAttempts: 1 });
}

export class ManualClock implements Clock {
  #ms: number;
  constructor(ms: number) {
    this.#ms = ms;
  }
  now(): Date {
    return new Date(this.#ms);
  }
  get ms(): number {
    return this.#ms;
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
