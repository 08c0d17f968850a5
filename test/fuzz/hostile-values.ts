/**
 * Values of the right type that are wrong in what they say, for the members where parsing goes deep:
 * policy documents, queue attributes, ARNs, qualifiers, pagination tokens, zips, receipt handles.
 */
import { zipSync } from 'fflate';
import type { Value } from './shape-values.js';

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

const POLICIES: readonly string[] = [
  '{}',
  '{"Version":"2012-10-17"}',
  '{"Version":"2012-10-17","Statement":{}}',
  '{"Version":"2012-10-17","Statement":[null]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":[]}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:x":[null,1,{}]}}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NoSuchOperator":{"k":"v"}}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"not-a-date"}}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"999.1.1.1/99"}}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:x":"1e400"}}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"*","NotResource":"*","Principal":{"AWS":[]}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com",7]},"Action":"sts:AssumeRole"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${aws:username}","Resource":"arn:aws:s3:::${aws:x}${${"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}],"Statement":[]}',
  `{"Version":"2012-10-17","Statement":[{"Sid":"${'s'.repeat(5000)}","Effect":"Allow","Action":"*","Resource":"*"}]}`,
  deep(2000),
  '[]',
  'null',
  'not json',
];

const QUEUE_ATTRIBUTES: readonly Value[] = [
  { Policy: POLICIES[6] ?? '' },
  { Policy: '{' },
  { RedrivePolicy: '{"deadLetterTargetArn":5,"maxReceiveCount":"x"}' },
  { RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:fuzz-q","maxReceiveCount":99999999999999999999}' },
  { RedrivePolicy: 'null' },
  { RedriveAllowPolicy: '{"redrivePermission":"byQueue","sourceQueueArns":[]}' },
  { VisibilityTimeout: 'abc' },
  { VisibilityTimeout: '-1' },
  { MaximumMessageSize: '1e9' },
  { MessageRetentionPeriod: '99999999999999999999999' },
  { DelaySeconds: ' 1' },
  { FifoQueue: 'true' },
  { FifoQueue: 'maybe' },
  { ContentBasedDeduplication: 'true' },
  { KmsMasterKeyId: 'alias/x', KmsDataKeyReusePeriodSeconds: '0' },
  { SqsManagedSseEnabled: 'yes' },
  { All: 'x' },
  { '': '' },
  { __proto__x: 'y' },
];

function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])));
}

const ZIPS: readonly Value[] = [
  new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
  new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]),
  zipOf({ '../../evil.js': 'x' }),
  zipOf({ '/abs/path.js': 'x' }),
  zipOf({ 'index.mjs\u0000.txt': 'x' }),
  zipOf({}),
  zipOf(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`f${i}.js`, '']))),
  new Uint8Array(Buffer.from('not a zip at all')),
];

const fn = 'arn:aws:lambda:us-east-1:000000000000:function';

export const HOSTILE_VALUES: Readonly<Record<string, readonly Value[]>> = {
  PolicyDocument: POLICIES,
  AssumeRolePolicyDocument: POLICIES,
  PermissionsBoundary: ['arn:aws:iam::aws:policy/Nope', 'arn:aws:iam::000000000000:policy/fuzz-policy', 'not-an-arn', 'arn:aws:iam::000000000000:role/fuzz-role'],
  Policy: POLICIES,
  PolicyInputList: [POLICIES.slice(0, 8)],
  PolicyArn: ['arn:aws:iam::aws:policy/', 'arn:aws:iam::111111111111:policy/x', 'arn:aws:iam::000000000000:policy/../fuzz-policy', 'arn::::', 'arn:aws:iam::000000000000:policy/fuzz-policy/'],
  PolicySourceArn: ['arn:aws:iam::000000000000:role/fuzz-role', 'arn:aws:iam::000000000000:group/fuzz-group', 'arn:aws:iam::111111111111:user/x', 'arn:aws:iam::000000000000:root', '*'],
  ResourceArns: [['*', 'arn:aws:s3:::b/*', '']],
  ContextEntries: [[{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['not-an-ip'], ContextKeyType: 'ip' }], [{ ContextKeyName: '', ContextKeyValues: [], ContextKeyType: 'date' }]],
  Attributes: QUEUE_ATTRIBUTES,
  FunctionName: [
    `${fn}:fuzz-fn:live:extra`,
    'arn:aws:lambda:eu-west-1:000000000000:function:fuzz-fn',
    'arn:aws:lambda:us-east-1:111111111111:function:fuzz-fn',
    'fuzz-fn:$LATEST',
    'fuzz-fn:0',
    'fuzz-fn:99999999999999999999',
    '000000000000:function:fuzz-fn:',
    'arn:aws:lambda:us-east-1:000000000000:layer:fuzz-layer:1',
    ':',
  ],
  Qualifier: ['$LATEST.PUBLISHED', '0', '-1', '99999999999999999999', '$latest', 'live:1'],
  FunctionVersion: ['0', '$LATEST ', '99999999999999999999', 'live'],
  Role: ['arn:aws:iam::000000000000:role/does-not-exist', 'arn:aws:iam::111111111111:role/lambda-role', 'arn:aws:iam::000000000000:user/fuzz-user', 'arn:aws:sts::000000000000:assumed-role/fuzz-role/s'],
  RoleArn: ['arn:aws:iam::000000000000:role/lambda-role', 'arn:aws:iam::000000000000:role/', 'arn:aws:iam::000000000000:user/fuzz-user', 'arn:aws:iam::111111111111:role/x'],
  Layers: [['arn:aws:lambda:us-east-1:000000000000:layer:fuzz-layer:0'], ['arn:aws:lambda:us-east-1:000000000000:layer:fuzz-layer:1', 'arn:aws:lambda:us-east-1:000000000000:layer:fuzz-layer:1'], ['arn:aws:lambda:us-east-1:111111111111:layer:x:1']],
  ZipFile: ZIPS,
  Environment: [{ Variables: { AWS_REGION: 'x' } }, { Variables: { '': 'x' } }, { Variables: { 'A=B': 'x' } }, { Variables: { A: 'x'.repeat(5000) } }],
  Tags: [{ 'aws:reserved': 'x' }, { 'lambdabox:sandbox': 'bwrap' }, { 'lambdabox:sandbox': 'none' }, { 'lambdabox:egress': '127.0.0.1:1' }, { '': '' }],
  tags: [{ 'aws:reserved': 'x' }, { '': '' }],
  TagKeys: [['aws:x'], [''], Array.from({ length: 60 }, (_, i) => `k${i}`)],
  Marker: ['AAAA', '!!!', Buffer.from('{"x":1}').toString('base64'), Buffer.from('99999999999999999999').toString('base64'), '\u0000', '-1'],
  NextToken: ['AAAA', '!!!', Buffer.from('{"offset":-5}').toString('base64')],
  MaxItems: [0, -1, 10001, 2147483648],
  MaxResults: [0, -1, 1001],
  ReceiptHandle: ['', 'AAAA', Buffer.from('{"q":"fuzz-q","m":"x"}').toString('base64'), 'x'.repeat(1025)],
  QueueUrl: ['http://127.0.0.1/000000000000/fuzz-q', '/000000000000/../fuzz-q', 'https://sqs.us-east-1.amazonaws.com/111111111111/fuzz-q', 'fuzz-q', '000000000000/fuzz-q'],
  QueueName: ['fuzz-q.fifo', 'a'.repeat(81), 'bad name', '.fifo', 'fuzz-q'],
  MessageAttributes: [{ a: { DataType: 'Number', StringValue: 'abc' } }, { a: { DataType: 'Binary', StringValue: 'x' } }, { a: { DataType: '' } }, { 'AWS.x': { DataType: 'String', StringValue: 'y' } }],
  Entries: [[{ Id: 'a' }, { Id: 'a' }], [], Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x', ReceiptHandle: 'x' }))],
  DurationSeconds: [0, 899, 129601, 43201, -1],
  Path: ['//', '/a b/', 'no-slash', '/'.repeat(600)],
  StatementId: ['', 'a b', 'x'.repeat(101)],
  Principal: ['', 'arn:aws:iam::000000000000:root', 'lambda.amazonaws.com', 'x'],
  SourceArn: ['arn:aws:s3:::*', '*', 'not-an-arn'],
  RevisionId: ['00000000-0000-0000-0000-000000000000', 'x'],
  CodeSha256: ['', 'x'],
  RoutingConfig: [{ AdditionalVersionWeights: { '1': 1.5 } }, { AdditionalVersionWeights: { $LATEST: 0.5 } }, { AdditionalVersionWeights: { '1': -1, '2': 0.5 } }],
  DestinationConfig: [{ OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:000000000000:fuzz-q' } }, { OnFailure: { Destination: 'arn:aws:sns:us-east-1:000000000000:x' } }, { OnSuccess: { Destination: '' } }],
  ReservedConcurrentExecutions: [0, -1, 1001, 100000],
  MemorySize: [127, 10241, 0],
  Timeout: [0, 901, -1],
};
