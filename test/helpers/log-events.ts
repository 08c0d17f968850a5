/**
 * Reads a log group the way a user does, through the CloudWatch Logs API (FilterLogEvents, every page),
 * after the platform's buffered writes are durable. A group that does not exist yet reads as empty.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaboxFixture } from './lambdabox-fixture.js';
import { TEST_REGION } from './lambdabox-fixture.js';

export async function logEvents(fx: LambdaboxFixture, group: string, filterPattern?: string): Promise<FilteredLogEvent[]> {
  await fx.box.logsIngest.flush();
  const client = new CloudWatchLogsClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
  const out: FilteredLogEvent[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new FilterLogEventsCommand({ logGroupName: group, ...(filterPattern === undefined ? {} : { filterPattern }), ...(nextToken === undefined ? {} : { nextToken }) }),
      );
      out.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  } finally {
    client.destroy();
  }
  return out;
}

/** The messages of a function's log group `/aws/lambda/<name>`, oldest first. */
export async function functionLogMessages(fx: LambdaboxFixture, functionName: string): Promise<string[]> {
  return (await logEvents(fx, `/aws/lambda/${functionName}`)).map((e) => e.message ?? '');
}
