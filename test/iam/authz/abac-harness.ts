/** What the tag- and condition-key tests share: a minimal function to create, and the explicit-deny check. */
import assert from 'node:assert/strict';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import type { CreateFunctionCommandInput, LambdaClient } from '@aws-sdk/client-lambda';
import { failure } from '../../helpers/aws-errors.js';
import { helloZip, TEST_ROLE } from '../../helpers/zips.js';

/** CreateFunction of a hello-world nodejs20.x function, with `extra` members (Tags, VpcConfig…). */
export function createHello(client: LambdaClient, name: string, extra: Partial<CreateFunctionCommandInput> = {}) {
  return client.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip() }, ...extra }),
  );
}

export interface DenialExpectation {
  /** The error type: `AccessDeniedException` (Lambda), `AccessDenied` (SQS, IAM). */
  readonly name: string;
  /** Whether the message must say "with an explicit deny" (Lambda and SQS do; IAM's wording differs). */
  readonly explicit?: boolean;
}

/** The call fails 403 with AWS's "not authorized to perform: <action> on resource: <resource>" message. */
export async function assertDenied(call: Promise<unknown>, action: string, resource: string, expected: DenialExpectation): Promise<void> {
  const got = await failure(call);
  assert.equal(got.status, 403);
  assert.equal(got.name, expected.name);
  const escaped = resource.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const suffix = expected.explicit === false ? '' : ' with an explicit deny';
  assert.match(got.message, new RegExp(`not authorized to perform: ${action} on resource: ${escaped}${suffix}`));
}
