/**
 * The cost of authenticating and authorizing one request for a principal with 20 attached managed
 * policies: SigV4 verification (Authenticator) and IAM evaluation (Authorizer, decision record included)
 * measured in-process without HTTP, then GetFunction end to end with the AWS SDK for that user and for
 * the account root (whose identity policies are never read), for comparison.
 */
import { parseArgs } from 'node:util';
import { CreateFunctionCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION } from '../test/helpers/lambdabox-fixture.js';
import { helloZip, TEST_ROLE } from '../test/helpers/zips.js';
import { userWithKey } from '../test/iam/authz/iam-principals.js';
import { Authenticator } from '../src/iam/authenticator.js';
import { parseSigV4 } from '../src/iam/sigv4/parse.js';
import { signRequest } from '../src/iam/sigv4/sign.js';
import type { IncomingSignedRequest } from '../src/iam/sigv4/types.js';
import { measure } from './measure.js';
import type { Measurement } from './measure.js';
import { machineLine } from './report.js';

const FN = `arn:aws:lambda:${TEST_REGION}:000000000000:function:bench-auth`;

/** 20 policies of 5 statements each; only the last statement of the last policy allows the call. */
function policies(): object[] {
  return Array.from({ length: 20 }, (_, p) => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: 5 }, (_, s) => {
      const last = p === 19 && s === 4;
      return {
        Sid: `P${p}S${s}`,
        Effect: 'Allow',
        Action: last ? 'lambda:GetFunction' : [`lambda:List${p}x${s}*`, `sqs:Send${p}`],
        Resource: last ? FN : `arn:aws:lambda:${TEST_REGION}:000000000000:function:other-${p}-${s}-*`,
        ...(s % 2 === 0 ? { Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '10.0.0.0/8'] } } } : {}),
      };
    }),
  }));
}

const us = (ms: number): string => (Number.isFinite(ms) ? (ms * 1000).toFixed(1) : '–');

export async function runAuthBench(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { seconds: { type: 'string', default: '3' } } });
  const seconds = Number(values.seconds);
  const startedAt = new Date();
  const fx = await startLambdabox({ overrides: { sandbox: false } });
  try {
    const admin = fx.lambda();
    await admin.send(new CreateFunctionCommand({ FunctionName: 'bench-auth', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip() } }));
    await fx.settled();
    const all = policies();
    const user = await userWithKey(fx, { name: 'bench-user', managed: all.slice(0, 10), groupManaged: all.slice(10) });
    const host = new URL(fx.url).host;
    const { store, keys } = fx.box.control;
    const authenticator = new Authenticator({ store, keys, region: TEST_REGION });
    const path = '/2015-03-31/functions/bench-auth';
    const sign = (): IncomingSignedRequest => {
      const signed = signRequest({
        method: 'GET', path, headers: [['host', host]], accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey,
        region: TEST_REGION, service: 'lambda', now: new Date(),
      });
      return { method: 'GET', path, query: '', headers: signed.headers, body: Buffer.alloc(0) };
    };
    const request = sign();
    const caller = await authenticator.authenticate(request, parseSigV4(request));
    const access = { action: 'lambda:GetFunction', resource: FN, resourceAccountId: '000000000000' };
    const facts = () => ({ sourceIp: '127.0.0.1', secureTransport: false, now: new Date(), region: TEST_REGION, requestId: 'bench' });
    await fx.box.authorizer.authorize(caller, access, facts());

    const rows: Array<[string, Measurement]> = [];
    rows.push(['SigV4 verification (parse + key lookup + HMAC)', await measure(1, { seconds }, async () => {
      await authenticator.authenticate(request, parseSigV4(request));
    })]);
    rows.push(['policy evaluation, 20 policies / 100 statements (+ decision record)', await measure(1, { seconds }, async () => {
      await fx.box.authorizer.authorize(caller, access, facts());
    })]);
    rows.push(['both, per request', await measure(1, { seconds }, async () => {
      const c = await authenticator.authenticate(request, parseSigV4(request));
      await fx.box.authorizer.authorize(c, access, facts());
    })]);
    const userClient = fx.lambda(user);
    rows.push(['GetFunction end to end (SDK, HTTP), the 20-policy user', await measure(1, { seconds }, async () => {
      await userClient.send(new GetFunctionCommand({ FunctionName: 'bench-auth' }));
    })]);
    rows.push(['GetFunction end to end (SDK, HTTP), account root', await measure(1, { seconds }, async () => {
      await admin.send(new GetFunctionCommand({ FunctionName: 'bench-auth' }));
    })]);

    const lines = [
      '## Authentication and authorization',
      '',
      `- command: \`npm run bench -- auth${args.length > 0 ? ` ${args.join(' ')}` : ''}\``,
      `- date: ${startedAt.toISOString()}`,
      `- machine: ${machineLine()}`,
      '- principal: an IAM user with 20 attached managed policies (10 on the user, the IAM maximum, and 10 on its group) of 5 statements each (half with IpAddress conditions); the allowing statement is the last one',
      '- in-process rows call Authenticator and Authorizer directly, one caller, warm caches (signing key, access key, parsed policies)',
      '',
      '| step | ops | mean µs | p50 µs | p99 µs |',
      '|---|--:|--:|--:|--:|',
      ...rows.map(([name, m]) => `| ${name} | ${m.ops} | ${us(m.seconds * 1000 / m.ops)} | ${us(m.p50Ms)} | ${us(m.p99Ms)} |`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await fx.close();
  }
}
