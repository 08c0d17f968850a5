/**
 * The control tests' shared set-up: a real lambdabox (startLambdabox), its admin Lambda client, the
 * standard test function and the Debian AWS CLI pointed at the server with the admin key. A suite
 * starts it in its `before` hook and closes it in `after`, e.g.
 * `({ fixture, lambda, createFunction } = await startControl())`.
 */
import {
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  type CreateFunctionCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { awsCli, type CliResult } from './aws-cli.js';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION, type FixtureOptions, type LambdaboxFixture } from './lambdabox-fixture.js';
import { helloZip, TEST_ROLE } from './zips.js';

/** `${FN_ARN}:<name>` is the unqualified ARN of the test account's function `<name>`. */
export const FN_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function`;

/** CreateFunction's input for the standard test function (TEST_ROLE, nodejs20.x, helloZip); `extra` adds or overrides members. */
export function functionInput(name: string, extra: Partial<CreateFunctionCommandInput> = {}): CreateFunctionCommandInput {
  return {
    FunctionName: name,
    Role: TEST_ROLE,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Code: { ZipFile: helloZip(name) },
    ...extra,
  };
}

export interface ControlFixture {
  readonly fixture: LambdaboxFixture;
  /** The admin key's Lambda client. */
  readonly lambda: LambdaClient;
  /** Creates the standard test function (functionInput) and waits until no version is still Pending. */
  createFunction(name: string, extra?: Partial<CreateFunctionCommandInput>): Promise<CreateFunctionCommandOutput>;
  /** `/usr/bin/aws lambda <args>` with the admin key. */
  cli(args: readonly string[]): Promise<CliResult>;
}

export async function startControl(options: FixtureOptions = {}): Promise<ControlFixture> {
  const fixture = await startLambdabox(options);
  const lambda = fixture.lambda();
  return {
    fixture,
    lambda,
    async createFunction(name, extra = {}) {
      const created = await lambda.send(new CreateFunctionCommand(functionInput(name, extra)));
      await fixture.settled();
      return created;
    },
    cli: (args) => awsCli(['lambda', ...args], { endpoint: fixture.url, ...fixture.credentials }),
  };
}
