/**
 * Invoke end to end (issue 3, acceptance 1): RequestResponse and DryRun with their exact wire shape,
 * every qualifier form, the request id the runtime sees, handler styles, context fields and client
 * context — through real HTTP, the real SDK and real sandboxes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAliasCommand, PublishVersionCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { zipOf } from '../helpers/zips.js';
import { ARN_PREFIX, deploy, invocationsPath, invoke, rawInvoke } from './invoke-harness.js';

const INTROSPECT = `export const handler = async (event, context) => ({
  event,
  awsRequestId: context.awsRequestId,
  invokedFunctionArn: context.invokedFunctionArn,
  version: process.env.AWS_LAMBDA_FUNCTION_VERSION,
});
`;

describe('Invoke end to end: basics', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
    await deploy(fx, lambda, 'basic', { 'index.mjs': INTROSPECT });
  });
  after(async () => {
    await fx.close();
  });

  test('RequestResponse: 200, the handler bytes, X-Amz-Executed-Version, and the request id the runtime saw', async () => {
    const res = await rawInvoke(fx, invocationsPath('basic'), Buffer.from('{"a":1}'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-amz-executed-version'), '$LATEST');
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('x-amz-function-error'), null);
    assert.equal(res.headers.get('x-amz-log-result'), null);
    const requestId = res.headers.get('x-amzn-requestid');
    assert.match(requestId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The bytes are the runtime's JSON.stringify of the result, untouched.
    assert.equal(
      res.body.toString(),
      JSON.stringify({ event: { a: 1 }, awsRequestId: requestId, invokedFunctionArn: `${ARN_PREFIX}basic`, version: '$LATEST' }),
    );

    const viaSdk = await invoke(lambda, 'basic', { payload: '[1,"two",null]' });
    assert.equal(viaSdk.status, 200);
    assert.equal(viaSdk.executedVersion, '$LATEST');
    assert.deepEqual(viaSdk.json()['event'], [1, 'two', null]);
    assert.equal(viaSdk.json()['awsRequestId'], viaSdk.requestId);
  });

  test('an empty payload reaches the handler as {} and a handler returning nothing gives null', async () => {
    await deploy(fx, lambda, 'nothing', { 'index.mjs': 'export const handler = async (event) => { globalThis.seen = event; };\n' });
    const res = await rawInvoke(fx, invocationsPath('nothing'));
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), 'null');
    const echo = await invoke(lambda, 'basic');
    assert.deepEqual(echo.json()['event'], {});
  });

  test('DryRun: 204 with an empty body, and no environment is started', async () => {
    await deploy(fx, lambda, 'dry', { 'index.mjs': INTROSPECT });
    const before = fx.box.sandboxes?.stats().total;
    const res = await rawInvoke(fx, invocationsPath('dry'), Buffer.from('{}'), { 'x-amz-invocation-type': 'DryRun' });
    assert.equal(res.status, 204);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.get('x-amz-executed-version'), null);
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(fx.box.sandboxes?.stats().total, before);
    // DryRun still checks that the function exists.
    const missing = await rawInvoke(fx, invocationsPath('no-such-fn'), Buffer.from('{}'), { 'x-amz-invocation-type': 'DryRun' });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
  });

  test('qualifiers: $LATEST, a version number and an alias; Lambda-Runtime-Invoked-Function-Arn is the ARN as invoked', async () => {
    await deploy(fx, lambda, 'qual', { 'index.mjs': `// v1\n${INTROSPECT}` }, { publish: true });
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'qual', ZipFile: zipOf({ 'index.mjs': `// v2\n${INTROSPECT}` }) }));
    await fx.settled();
    await lambda.send(new CreateAliasCommand({ FunctionName: 'qual', Name: 'live', FunctionVersion: '1' }));
    const arn = `${ARN_PREFIX}qual`;
    const cases: Array<{ name: string; qualifier?: string; executed: string; invokedArn: string }> = [
      { name: 'qual', executed: '$LATEST', invokedArn: arn },
      { name: 'qual', qualifier: '$LATEST', executed: '$LATEST', invokedArn: `${arn}:$LATEST` },
      { name: 'qual', qualifier: '1', executed: '1', invokedArn: `${arn}:1` },
      { name: 'qual', qualifier: 'live', executed: '1', invokedArn: `${arn}:live` },
      { name: 'qual:live', executed: '1', invokedArn: `${arn}:live` },
      { name: arn, executed: '$LATEST', invokedArn: arn },
      { name: `${arn}:1`, executed: '1', invokedArn: `${arn}:1` },
      { name: '000000000000:function:qual:live', executed: '1', invokedArn: `${arn}:live` },
    ];
    for (const c of cases) {
      const out = await invoke(lambda, c.name, c.qualifier === undefined ? {} : { qualifier: c.qualifier });
      const label = `${c.name} ${c.qualifier ?? ''}`;
      assert.equal(out.status, 200, label);
      assert.equal(out.executedVersion, c.executed, label);
      assert.equal(out.json()['version'], c.executed, label);
      assert.equal(out.json()['invokedFunctionArn'], c.invokedArn, label);
    }
    const missingAlias = await rawInvoke(fx, invocationsPath('qual', 'nope'), Buffer.from('{}'));
    assert.equal(missingAlias.status, 404);
    assert.equal(JSON.parse(missingAlias.body.toString()).Message, `Function not found: ${arn}:nope`);
    const missingVersion = await rawInvoke(fx, invocationsPath('qual', '7'), Buffer.from('{}'));
    assert.equal(missingVersion.status, 404);
    assert.equal(JSON.parse(missingVersion.body.toString()).Message, `Function not found: ${arn}:7`);
  });

  test('an alias with RoutingConfig runs both versions, and X-Amz-Executed-Version tells which ran', async () => {
    const code = (v: string): string =>
      `export const handler = async () => ({ code: '${v}', version: process.env.AWS_LAMBDA_FUNCTION_VERSION });\n`;
    await deploy(fx, lambda, 'weighted', { 'index.mjs': code('one') }, { publish: true });
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'weighted', ZipFile: zipOf({ 'index.mjs': code('two') }) }));
    await fx.settled();
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'weighted' }));
    assert.equal(v2.Version, '2', JSON.stringify(v2));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'weighted', Name: 'canary', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } } }),
    );
    const seen = { '1': 0, '2': 0 };
    for (let i = 0; i < 40; i++) {
      const out = await invoke(lambda, 'weighted', { qualifier: 'canary' });
      const body = out.json<{ code: string; version: string }>();
      assert.equal(body.version, out.executedVersion);
      assert.equal(body.code, out.executedVersion === '1' ? 'one' : 'two');
      if (out.executedVersion === '1' || out.executedVersion === '2') seen[out.executedVersion]++;
      else assert.fail(`unexpected executed version ${String(out.executedVersion)}`);
    }
    // P(one side never drawn in 40 fair draws) = 2^-39.
    assert.ok(seen['1'] > 0 && seen['2'] > 0, JSON.stringify(seen));
  });

  test('handler styles: async, callback, ESM .mjs, CommonJS .js and .cjs, nested paths', async () => {
    const styles: Array<{ name: string; handler: string; files: Record<string, string>; expect: unknown }> = [
      { name: 'style-async', handler: 'index.handler', files: { 'index.mjs': 'export const handler = async () => "async";\n' }, expect: 'async' },
      {
        name: 'style-callback',
        handler: 'index.handler',
        files: { 'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { cb: event.n + 1 }), 5); };\n' },
        expect: { cb: 3 },
      },
      { name: 'style-cjs-js', handler: 'app.main', files: { 'app.js': 'module.exports.main = async (e) => ({ cjs: typeof require, n: e.n });\n' }, expect: { cjs: 'function', n: 2 } },
      { name: 'style-cjs', handler: 'app.main', files: { 'app.cjs': 'exports.main = async () => ({ ext: "cjs", module: typeof module });\n' }, expect: { ext: 'cjs', module: 'object' } },
      {
        name: 'style-esm-js',
        handler: 'src/app.run',
        files: { 'package.json': '{"type":"module"}', 'src/app.js': 'export const run = async () => ({ esm: typeof require });\n' },
        expect: { esm: 'undefined' },
      },
      {
        name: 'style-sync-value',
        handler: 'index.handler',
        files: { 'index.mjs': 'export const handler = (event, context) => { context.callbackWaitsForEmptyEventLoop = false; return Promise.resolve(42); };\n' },
        expect: 42,
      },
    ];
    for (const s of styles) {
      await deploy(fx, lambda, s.name, s.files, { handler: s.handler });
      const out = await invoke(lambda, s.name, { payload: '{"n":2}' });
      assert.equal(out.functionError, undefined, `${s.name}: ${out.text}`);
      assert.deepEqual(JSON.parse(out.text), s.expect, s.name);
    }
  });

  test('context fields', async () => {
    await deploy(
      fx,
      lambda,
      'ctx',
      {
        'index.mjs': `export const handler = async (event, context) => ({
  functionName: context.functionName,
  functionVersion: context.functionVersion,
  memoryLimitInMB: context.memoryLimitInMB,
  logGroupName: context.logGroupName,
  logStreamName: context.logStreamName,
  invokedFunctionArn: context.invokedFunctionArn,
  awsRequestId: context.awsRequestId,
  remaining: context.getRemainingTimeInMillis(),
  callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
  clientContext: context.clientContext ?? 'absent',
  traceId: process.env._X_AMZN_TRACE_ID,
});
`,
      },
      // 60 s, so the remaining-time check below keeps a 30 s margin on a loaded machine.
      { timeout: 60 },
    );
    const out = await invoke(lambda, 'ctx', { qualifier: '$LATEST' });
    const c = out.json();
    assert.equal(c['functionName'], 'ctx');
    assert.equal(c['functionVersion'], '$LATEST');
    assert.equal(c['memoryLimitInMB'], '1769');
    assert.equal(c['logGroupName'], '/aws/lambda/ctx');
    assert.match(String(c['logStreamName']), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(c['invokedFunctionArn'], `${ARN_PREFIX}ctx:$LATEST`);
    assert.equal(c['awsRequestId'], out.requestId);
    const remaining = Number(c['remaining']);
    assert.ok(remaining > 30_000 && remaining <= 60_000, `remaining ${remaining}`);
    assert.equal(c['callbackWaitsForEmptyEventLoop'], true);
    assert.equal(c['clientContext'], 'absent');
    assert.match(String(c['traceId']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    // The same environment, a new request: a new id, a new trace.
    const again = await invoke(lambda, 'ctx');
    assert.equal(again.json()['logStreamName'], c['logStreamName']);
    assert.notEqual(again.json()['awsRequestId'], c['awsRequestId']);
    assert.notEqual(again.json()['traceId'], c['traceId']);
  });

  test('X-Amz-Client-Context reaches the handler decoded as context.clientContext; the context serializes as on AWS', async () => {
    await deploy(fx, lambda, 'client-ctx', { 'index.mjs': 'export const handler = async (e, context) => ({ context });\n' }, { memorySize: 1770 });
    const clientContext = { custom: { foo: 'bar' }, client: { snap: ['crackle', 'pop'] }, env: { fizz: 'buzz' } };
    const out = await invoke(lambda, 'client-ctx', { clientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') });
    const context = out.json<{ context: Record<string, unknown> }>().context;
    // Keys and their order as JSON.stringify(context) gives them on nodejs20.x (LocalStack's AWS recording).
    assert.deepEqual(Object.keys(context), [
      'callbackWaitsForEmptyEventLoop', 'functionVersion', 'functionName', 'memoryLimitInMB', 'logGroupName',
      'logStreamName', 'clientContext', 'invokedFunctionArn', 'awsRequestId',
    ]);
    assert.deepEqual(context['clientContext'], clientContext);
    assert.equal(context['memoryLimitInMB'], '1770');
    assert.equal(context['awsRequestId'], out.requestId);
    const none = await invoke(lambda, 'client-ctx');
    assert.equal(none.json<{ context: Record<string, unknown> }>().context['clientContext'], undefined);
  });
});
