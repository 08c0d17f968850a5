/**
 * Real resources for the fuzzer to aim at (a function with a version and an alias, a layer, IAM
 * entities, a queue with a message), made with the real SDK clients, and the member values naming them.
 * `ensure()` runs again after a case deleted something, so later cases still reach live resources.
 */
import { CreateAliasCommand, CreateFunctionCommand, PublishLayerVersionCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from '../helpers/lambdabox-fixture.js';
import { LAMBDA_TRUST_POLICY } from '../helpers/lambda-roles.js';
import { helloZip, TEST_ROLE, zipOf } from '../helpers/zips.js';
import type { KnownValues } from './shape-values.js';

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const FN_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:fuzz-fn`;
const LAYER_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:layer:fuzz-layer`;
const POLICY_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/fuzz-policy`;
const ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/fuzz-role`;

/** The second caller: an IAM user allowed everything except touching itself, so cases also run through policy evaluation. */
export const CALLER_USER = 'fuzz-caller';
const CALLER_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: 'iam:*', Resource: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${CALLER_USER}` },
    { Effect: 'Deny', Action: 'lambda:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/fuzz-deny': 'yes' } } },
  ],
});

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Failures are expected here (the resource is still there): each step is tried on its own. */
async function attempt(step: () => Promise<unknown>): Promise<void> {
  await step().catch(() => undefined);
}

export class FuzzSeed {
  readonly #fx: LambdaboxFixture;
  readonly #lambda: LambdaClient;
  readonly #iam: IAMClient;
  readonly #sqs: SQSClient;
  #queueUrl = '';

  constructor(fx: LambdaboxFixture) {
    this.#fx = fx;
    this.#lambda = fx.lambda();
    this.#iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    this.#sqs = new SQSClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
  }

  /** Creates whatever of the seed resources is missing. */
  async ensure(): Promise<void> {
    const lambda = this.#lambda;
    await attempt(() =>
      lambda.send(new CreateFunctionCommand({ FunctionName: 'fuzz-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip('fuzz') } })),
    );
    await this.#fx.settled();
    await attempt(async () => {
      const v = await lambda.send(new PublishVersionCommand({ FunctionName: 'fuzz-fn' }));
      await lambda.send(new CreateAliasCommand({ FunctionName: 'fuzz-fn', Name: 'live', FunctionVersion: v.Version }));
    });
    await attempt(() => lambda.send(new PublishLayerVersionCommand({ LayerName: 'fuzz-layer', Content: { ZipFile: zipOf({ 'nodejs/x.js': '1' }) } })));
    await attempt(() => this.#iam.send(new CreateUserCommand({ UserName: 'fuzz-user' })));
    await attempt(() => this.#iam.send(new CreateRoleCommand({ RoleName: 'fuzz-role', AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY })));
    await attempt(() => this.#iam.send(new CreateGroupCommand({ GroupName: 'fuzz-group' })));
    await attempt(() => this.#iam.send(new CreatePolicyCommand({ PolicyName: 'fuzz-policy', PolicyDocument: POLICY })));
    await attempt(async () => {
      const queue = await this.#sqs.send(new CreateQueueCommand({ QueueName: 'fuzz-q' }));
      this.#queueUrl = queue.QueueUrl ?? this.#queueUrl;
      await this.#sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: 'seed' }));
    });
    await this.#fx.settled();
  }

  /** Creates the second caller (once) and returns its access key. */
  async caller(): Promise<Credentials> {
    await this.#iam.send(new CreateUserCommand({ UserName: CALLER_USER }));
    await this.#iam.send(new PutUserPolicyCommand({ UserName: CALLER_USER, PolicyName: 'fuzz-all', PolicyDocument: CALLER_POLICY }));
    const key = await this.#iam.send(new CreateAccessKeyCommand({ UserName: CALLER_USER }));
    return { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
  }

  /** Member name → values naming the seed resources. */
  known(): KnownValues {
    return {
      FunctionName: ['fuzz-fn', FN_ARN, 'fuzz-fn:live', `${TEST_ACCOUNT_ID}:function:fuzz-fn`],
      Qualifier: ['$LATEST', 'live', '1'],
      FunctionVersion: ['$LATEST', '1'],
      Role: [TEST_ROLE],
      Runtime: ['nodejs20.x', 'nodejs22.x'],
      Handler: ['index.handler'],
      Resource: [FN_ARN],
      ZipFile: [helloZip('fuzz-new')],
      LayerName: ['fuzz-layer', LAYER_ARN],
      VersionNumber: [1],
      Arn: [`${LAYER_ARN}:1`],
      Layers: [[`${LAYER_ARN}:1`]],
      StatementId: ['fuzz-sid'],
      Action: ['lambda:InvokeFunction', 'lambda:GetLayerVersion'],
      Principal: ['123456789012', 's3.amazonaws.com', '*'],
      Payload: [Buffer.from('{"fuzz":true}')],
      UserName: ['fuzz-user'],
      RoleName: ['fuzz-role'],
      GroupName: ['fuzz-group'],
      PolicyArn: [POLICY_ARN],
      PolicyName: ['fuzz-inline'],
      PolicyDocument: [POLICY],
      AssumeRolePolicyDocument: [LAMBDA_TRUST_POLICY],
      PolicySourceArn: [`arn:aws:iam::${TEST_ACCOUNT_ID}:user/fuzz-user`],
      ActionNames: [['s3:GetObject', 'lambda:InvokeFunction']],
      RoleArn: [ROLE_ARN],
      RoleSessionName: ['fuzz-session'],
      QueueUrl: [this.#queueUrl],
      QueueName: ['fuzz-q', 'fuzz-q2'],
      QueueNamePrefix: ['fuzz'],
      MessageBody: ['hello'],
      Path: ['/'],
    };
  }

  close(): void {
    this.#iam.destroy();
    this.#sqs.destroy();
  }
}
