/** An IAM client against a lambdabox fixture (admin credentials unless others are given). */
import { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { startLambdabox, TEST_REGION } from '../../helpers/lambdabox-fixture.js';

export function iamClient(fixture: LambdaboxFixture, credentials = fixture.credentials): IAMClient {
  return new IAMClient({ endpoint: fixture.url, region: TEST_REGION, credentials, maxAttempts: 1 });
}

export interface IamApi {
  readonly fixture: LambdaboxFixture;
  readonly iam: IAMClient;
}

/** A server for IAM API tests (no sandboxes: they run no functions) and an admin IAM client on it. */
export async function startIamApi(): Promise<IamApi> {
  const fixture = await startLambdabox({ overrides: { sandbox: false } });
  return { fixture, iam: iamClient(fixture) };
}

export async function stopIamApi({ fixture, iam }: IamApi): Promise<void> {
  iam.destroy();
  await fixture.close();
}

export const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

export const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
