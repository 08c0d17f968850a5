/**
 * The AWS managed policies lambdabox serves (arn:aws:iam::aws:policy/…), read-only and attachable. The
 * documents follow AWS's published versions (AWS Managed Policy Reference Guide); ReadOnlyAccess is cut
 * down to the services lambdabox implements.
 */
import { createHash } from 'node:crypto';
import type { ManagedPolicyRecord } from '../../store/iam-records.js';

export interface AwsManagedPolicy {
  readonly record: ManagedPolicyRecord;
  readonly document: string;
}

const LOGS_FOR_LAMBDA = {
  Effect: 'Allow',
  Action: [
    'logs:DescribeLogStreams',
    'logs:GetLogEvents',
    'logs:FilterLogEvents',
    'logs:StartQuery',
    'logs:StopQuery',
    'logs:DescribeQueries',
    'logs:GetLogGroupFields',
    'logs:GetLogRecord',
    'logs:GetQueryResults',
  ],
  Resource: 'arn:aws:logs:*:*:log-group:/aws/lambda/*',
};

const CONSOLE_READS = [
  'cloudformation:DescribeStacks',
  'cloudformation:ListStackResources',
  'cloudwatch:ListMetrics',
  'cloudwatch:GetMetricData',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'kms:ListAliases',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:ListRoles',
  'logs:DescribeLogGroups',
  'states:DescribeStateMachine',
  'states:ListStateMachines',
  'tag:GetResources',
  'xray:GetTraceSummaries',
  'xray:BatchGetTraces',
];

interface Entry {
  readonly name: string;
  readonly path: string;
  readonly description: string;
  readonly statements: readonly object[];
}

const ENTRIES: readonly Entry[] = [
  {
    name: 'AdministratorAccess',
    path: '/',
    description: 'Provides full access to AWS services and resources.',
    statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  {
    name: 'ReadOnlyAccess',
    path: '/',
    description: 'Provides read-only access to AWS services and resources.',
    statements: [
      {
        Effect: 'Allow',
        Action: [
          'iam:Generate*',
          'iam:Get*',
          'iam:List*',
          'iam:Simulate*',
          'lambda:Get*',
          'lambda:List*',
          'logs:Describe*',
          'logs:FilterLogEvents',
          'logs:Get*',
          'sqs:Get*',
          'sqs:List*',
          'sts:GetCallerIdentity',
          'tag:Get*',
        ],
        Resource: '*',
      },
    ],
  },
  {
    name: 'AWSLambda_FullAccess',
    path: '/',
    description: 'Grants full access to AWS Lambda service, AWS Lambda console features, and other related AWS services.',
    statements: [
      { Effect: 'Allow', Action: [...CONSOLE_READS, 'lambda:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      },
      LOGS_FOR_LAMBDA,
    ],
  },
  {
    name: 'AWSLambda_ReadOnlyAccess',
    path: '/',
    description: 'Grants read-only access to AWS Lambda service, AWS Lambda console features, and other related AWS services.',
    statements: [
      { Effect: 'Allow', Action: [...CONSOLE_READS, 'lambda:Get*', 'lambda:List*'], Resource: '*' },
      LOGS_FOR_LAMBDA,
    ],
  },
  {
    name: 'AWSLambdaBasicExecutionRole',
    path: '/service-role/',
    description: 'Provides write permissions to CloudWatch Logs.',
    statements: [
      { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
    ],
  },
  {
    name: 'AWSLambdaRole',
    path: '/service-role/',
    description: 'Default policy for AWS Lambda service role.',
    statements: [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] }],
  },
  {
    name: 'AWSLambdaSQSQueueExecutionRole',
    path: '/service-role/',
    description: 'Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs.',
    statements: [
      {
        Effect: 'Allow',
        Action: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
  {
    name: 'AmazonSQSFullAccess',
    path: '/',
    description: 'Provides full access to Amazon SQS via the AWS Management Console.',
    statements: [{ Effect: 'Allow', Action: ['sqs:*'], Resource: '*' }],
  },
  {
    name: 'AmazonSQSReadOnlyAccess',
    path: '/',
    description: 'Provides read only access to Amazon SQS via the AWS Management Console.',
    statements: [
      {
        Effect: 'Allow',
        Action: [
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ListDeadLetterSourceQueues',
          'sqs:ListQueues',
          'sqs:ListMessageMoveTasks',
          'sqs:ListQueueTags',
        ],
        Resource: '*',
      },
    ],
  },
  {
    name: 'IAMFullAccess',
    path: '/',
    description: 'Provides full access to IAM via the AWS Management Console.',
    statements: [
      { Effect: 'Allow', Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization', 'organizations:ListRoots'], Resource: '*' },
    ],
  },
  {
    name: 'IAMReadOnlyAccess',
    path: '/',
    description: 'Provides read only access to IAM via the AWS Management Console.',
    statements: [
      {
        Effect: 'Allow',
        Action: [
          'iam:GenerateCredentialReport',
          'iam:GenerateServiceLastAccessedDetails',
          'iam:Get*',
          'iam:List*',
          'iam:SimulateCustomPolicy',
          'iam:SimulatePrincipalPolicy',
        ],
        Resource: '*',
      },
    ],
  },
];

// Stable ids per name, so a policy keeps its id across restarts and machines.
function stableId(name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(`aws-managed-policy:${name}`).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += alphabet[(digest[i] ?? 0) % alphabet.length];
  return id;
}

const CREATED = '2015-02-06T18:39:46Z';

const CATALOG: ReadonlyMap<string, AwsManagedPolicy> = new Map(
  ENTRIES.map((e) => {
    const arn = `arn:aws:iam::aws:policy${e.path}${e.name}`;
    const record: ManagedPolicyRecord = {
      accountId: 'aws',
      name: e.name,
      path: e.path,
      policyId: stableId(e.name),
      arn,
      description: e.description,
      defaultVersionId: 'v1',
      lastVersionNumber: 1,
      createdAt: CREATED,
      updatedAt: CREATED,
      tags: {},
    };
    return [arn, { record, document: JSON.stringify({ Version: '2012-10-17', Statement: e.statements }, null, 4) }];
  }),
);

export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return CATALOG.get(arn);
}

export function awsManagedPolicies(): AwsManagedPolicy[] {
  return [...CATALOG.values()];
}
